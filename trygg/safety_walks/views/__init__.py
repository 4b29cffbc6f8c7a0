"""Thin views: parse input, check permission, call one service, render."""
