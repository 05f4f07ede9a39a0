"""The cms app's interface for the apps above it (courses, certification).

Blocks (build page bodies from these; their names and fields follow FORMAT.md):
    TrainingStreamBlock, PageStreamBlock and the block classes.
Editorial workflow:
    clinical_review_attach(page) -> Workflow: every change to the tree goes through "Clinical
    review" (Editors cannot publish; a Clinical reviewer approves and the page goes live).
Crisis lines:
    crisis_lines_for(language_code=..., site=None) -> CrisisLines (frozen data).
Home page:
    home_page_feature(page=..., summary="") features a page on its locale's home page.
Events:
    cms.page.published.v1 (schema in cms/event_schemas/); a page model may define a boolean
    `material_change` field that the event reports.
"""

from .blocks import (
    BoundaryBlock,
    CalloutBlock,
    CrisisResourcesBlock,
    ImageBlock,
    KeyPointsBlock,
    KnowledgeCheckBlock,
    PageStreamBlock,
    PitfallBlock,
    ScenarioBlock,
    TextBlock,
    TrainingStreamBlock,
    VideoBlock,
)
from .selectors import CrisisLineData, CrisisLines, crisis_lines_for
from .services import (
    CLINICAL_REVIEW_WORKFLOW,
    WorkflowMissing,
    clinical_review_attach,
    clinical_review_workflow,
    home_page_feature,
)

__all__ = [
    "CLINICAL_REVIEW_WORKFLOW",
    "BoundaryBlock",
    "CalloutBlock",
    "CrisisLineData",
    "CrisisLines",
    "CrisisResourcesBlock",
    "ImageBlock",
    "KeyPointsBlock",
    "KnowledgeCheckBlock",
    "PageStreamBlock",
    "PitfallBlock",
    "ScenarioBlock",
    "TextBlock",
    "TrainingStreamBlock",
    "VideoBlock",
    "WorkflowMissing",
    "clinical_review_attach",
    "clinical_review_workflow",
    "crisis_lines_for",
    "home_page_feature",
]
