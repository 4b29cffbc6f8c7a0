from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from trygg.areas.models import Area


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "public/home.html", {"prioritised": Area.objects.prioritised()})
