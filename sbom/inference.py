"""What standard fields say about facts they do not state directly: the inference table.

A generated AI-BOM names a model's task (`modelCard.modelParameters.task`, a Hugging Face
`pipeline_tag`) and its output formats, but never "this system generates images for people".
The gate reads such facts from those fields, marks each as inferred with the field it came
from (in the decision and every output), and never lets one override a fact a file states.
docs/input.md shows this table; keep the two together.
"""

from __future__ import annotations

import re

# Hugging Face pipeline tags (and CycloneDX tasks written the same way) -> generated modality.
TASK_OUTPUT: dict[str, str] = {
    "text-generation": "text", "text2text-generation": "text", "summarization": "text", "translation": "text",
    "conversational": "text", "image-to-text": "text", "image-text-to-text": "text",
    "visual-question-answering": "text", "document-question-answering": "text", "audio-text-to-text": "text",
    "automatic-speech-recognition": "text", "video-text-to-text": "text", "any-to-any": "text",
    "text-to-image": "image", "image-to-image": "image", "unconditional-image-generation": "image",
    "image-inpainting": "image", "mask-generation": "image",
    "text-to-speech": "audio", "text-to-audio": "audio", "audio-to-audio": "audio",
    "text-to-video": "video", "image-to-video": "video", "video-to-video": "video",
}
# Tasks whose outputs reach people in a conversation or a direct exchange (Art 50(1)).
INTERACTIVE_TASKS = frozenset({
    "text-generation", "conversational", "question-answering", "visual-question-answering",
    "document-question-answering", "image-text-to-text", "audio-text-to-text", "any-to-any", "chat",
    "table-question-answering", "video-text-to-text",
})
_FORMAT_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"image|png|jpe?g|webp|gif", re.I), "image"),
    (re.compile(r"audio|speech|wav|mp3|flac|ogg", re.I), "audio"),
    (re.compile(r"video|mp4|webm", re.I), "video"),
    (re.compile(r"text|string|json|markdown", re.I), "text"),
]


def _task_key(task: str) -> str:
    return re.sub(r"[\s_]+", "-", task.strip().lower())


def task_modality(task: str) -> str | None:
    """The modality a task generates, or None for tasks that classify, detect or embed."""
    return TASK_OUTPUT.get(_task_key(task))


def task_interacts(task: str) -> bool:
    return _task_key(task) in INTERACTIVE_TASKS


def format_modality(fmt: str) -> str | None:
    """The modality of an output `format` (`image`, `generated-text`, `audio/wav`, `string`)."""
    return next((modality for pattern, modality in _FORMAT_PATTERNS if pattern.search(fmt)), None)


ORGANISATION_HINT = re.compile(r"\b(inc|ltd|llc|gmbh|corp|corporation|company|labs?|ai|university|institute|"
                               r"foundation|org|group|team|research)\b", re.I)
