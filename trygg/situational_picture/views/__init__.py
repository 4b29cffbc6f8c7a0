from .actions import approve, focus_create, focus_delete, reopen
from .exports import tertial_export, week_export
from .tertial import tertial_current, tertial_view
from .weekly import area_view, week_view

__all__ = ["approve", "area_view", "focus_create", "focus_delete", "reopen", "tertial_current", "tertial_export",
           "tertial_view", "week_export", "week_view"]
