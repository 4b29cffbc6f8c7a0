from django.contrib import admin

from .models import Area, Place


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "is_prioritised"]
    list_filter = ["is_prioritised", "kind"]


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ["name", "area"]
    list_filter = ["area"]
