from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from trygg.accounts.decorators import member_required

from .models import Area
from .selectors import areas_geojson


@member_required
def area_list(request: HttpRequest) -> HttpResponse:
    areas = Area.objects.all()
    return render(request, "areas/list.html", {"areas": areas, "areas_geojson": areas_geojson(areas=areas)})


@member_required
def area_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The area page: other apps add panels (lägesbild figures, interventions, walks) via core.panels."""
    area = get_object_or_404(Area, slug=slug)
    return render(request, "areas/detail.html", {"area": area, "areas_geojson": areas_geojson(areas=[area])})
