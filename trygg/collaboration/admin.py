"""Admin for setting up agreements, promises and networks (the samordnare's rarely changed records)."""

from django.contrib import admin

from . import models


class SignatoryInline(admin.TabularInline):
    model = models.Signatory
    extra = 0


class FocusProblemInline(admin.StackedInline):
    model = models.FocusProblem
    extra = 0


class GoalInline(admin.StackedInline):
    model = models.Goal
    extra = 0
    filter_horizontal = ("interventions",)


@admin.register(models.Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ("title", "period_start", "period_end")
    filter_horizontal = ("parties",)
    inlines = (SignatoryInline, FocusProblemInline, GoalInline)


class ActivityInline(admin.TabularInline):
    model = models.PromiseActivity
    extra = 0
    fields = ("text", "owner", "target_count")


@admin.register(models.Promise)
class PromiseAdmin(admin.ModelAdmin):
    list_display = ("title", "area", "year", "stage", "published_at")
    readonly_fields = ("published_at", "follow_up_published_at")
    inlines = (ActivityInline,)


@admin.register(models.Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ("name",)
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("members", "interventions")
