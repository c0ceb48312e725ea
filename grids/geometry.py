"""GeoJSON boundaries: parsing, validation and simple metric helpers.

Coordinates are WGS84 longitude/latitude as GeoJSON orders them ([lng, lat]).
"""

import json
import math

import shapely
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from shapely import affinity
from shapely.geometry import mapping, shape
from shapely.validation import explain_validity

EARTH_RADIUS_M = 6_371_000
# Shared edges between neighbouring grids are fine; real overlaps are not.
OVERLAP_TOLERANCE_M2 = 1.0


def parse_boundary(value):
    """Return a valid shapely Polygon/MultiPolygon from GeoJSON text or dict.

    Raises ValidationError with a message a person can act on.
    """
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError as exc:
            raise ValidationError(
                _("The boundary is not valid JSON (line %(line)s, column %(col)s).")
                % {"line": exc.lineno, "col": exc.colno},
                code="invalid_json",
            ) from exc
    if isinstance(value, dict) and value.get("type") == "Feature":
        value = value.get("geometry")
    if not isinstance(value, dict) or value.get("type") not in (
        "Polygon",
        "MultiPolygon",
    ):
        raise ValidationError(
            _("The boundary must be a GeoJSON Polygon or MultiPolygon."),
            code="invalid_type",
        )
    try:
        geometry = shape(value)
    except (KeyError, TypeError, ValueError, IndexError, AttributeError) as exc:
        raise ValidationError(
            _("The boundary's coordinates cannot be read: %(error)s")
            % {"error": str(exc)[:120]},
            code="invalid_coordinates",
        ) from exc
    if geometry.is_empty:
        raise ValidationError(_("The boundary is empty."), code="empty")
    minx, miny, maxx, maxy = geometry.bounds
    if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        raise ValidationError(
            _("Coordinates must be longitude, latitude in degrees (GeoJSON order)."),
            code="out_of_range",
        )
    if not geometry.is_valid:
        raise ValidationError(
            _("The boundary is not a valid polygon: %(reason)s")
            % {"reason": explain_validity(geometry)},
            code="invalid_polygon",
        )
    return geometry


def area_m2(geometry):
    """Approximate area in square metres (equirectangular around the centroid)."""
    lat0 = math.radians(geometry.centroid.y)
    scale_x = EARTH_RADIUS_M * math.cos(lat0) * math.pi / 180
    scale_y = EARTH_RADIUS_M * math.pi / 180
    return geometry.area * scale_x * scale_y


def distance_m(geometry, lng, lat):
    """Approximate distance in metres from a point to a geometry (0 inside)."""
    scale_x = math.cos(math.radians(lat))
    projected = affinity.scale(geometry, xfact=scale_x, yfact=1, origin=(lng, lat))
    degrees = projected.distance(shapely.Point(lng, lat))
    return degrees * EARTH_RADIUS_M * math.pi / 180


def overlap_m2(a, b):
    if not a.intersects(b):
        return 0.0
    intersection = a.intersection(b)
    return area_m2(intersection) if not intersection.is_empty else 0.0


def to_geojson(geometry):
    return mapping(geometry)


def point_distance_m(lat1, lng1, lat2, lng2):
    """Great-circle distance in metres between two points (haversine)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lng2 - lng1)
    a = (
        math.sin(dphi / 2) ** 2
        + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    )
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))
