"""The application's URLs plus the bare floor views the benchmarks compare them with."""

from django.urls import path

from werkplaats.urls import urlpatterns as application

from . import attendance_floor, floor, pages_floor

urlpatterns = [
    path("bench/floor/leerlingen/", floor.pupil_list_html),
    path("bench/floor/leerlingen/<uuid:uuid>/", floor.pupil_detail_html),
    path("bench/floor/api/pupils/", floor.pupil_list_json),
    path("bench/floor/api/pupils/<uuid:uuid>/", floor.pupil_detail_json),
    *attendance_floor.urlpatterns,
    *pages_floor.urlpatterns,
    *application,
]
