"""A Sankey flow of the search: applications through screen, interview, final round
and offer, each branching to its outcomes (pure layout, then SVG text).

The flow is a tree: every stage passes applications on to the next stage or ends
them in an outcome, so each column is the next stage plus the outcomes that branched
off the stage before it. Node heights are proportional to counts; links are bands
whose width is their count, leaving their source in the order their targets stand,
so no two cross. No library draws this well without JavaScript; the layout is a
few dozen lines and tested.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from .log import OUTCOME_LABELS, STAGE_LABELS, STAGES, Application

COLUMNS = ("applied", *STAGES)


@dataclass
class Node:
    id: str
    label: str
    value: int
    column: int
    kind: str
    """'stage' or the outcome ('rejected', 'offer-accepted', ..., 'open')."""
    x: float = 0.0
    y: float = 0.0
    height: float = 0.0


@dataclass
class Link:
    source: Node
    target: Node
    value: int
    source_y: float = 0.0
    target_y: float = 0.0
    width: float = 0.0


@dataclass
class Sankey:
    nodes: list[Node] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    width: float = 0.0
    height: float = 0.0


def flows(applications: list[Application]) -> Sankey:
    """Nodes and links with their values (no positions yet)."""
    sankey = Sankey()
    reached = {stage: 0 for stage in COLUMNS}
    endings: dict[tuple[str, str], int] = {}
    for app in applications:
        path = ["applied", *[s for s in STAGES if s in app.stages]]
        for stage in path:
            reached[stage] += 1
        ending = (app.furthest, app.outcome or "open")
        endings[ending] = endings.get(ending, 0) + 1
    stage_nodes: dict[str, Node] = {}
    for column, stage in enumerate(COLUMNS):
        if reached[stage]:
            node = Node(stage, STAGE_LABELS[stage], reached[stage], column, "stage")
            stage_nodes[stage] = node
            sankey.nodes.append(node)
            if column:
                sankey.links.append(Link(stage_nodes[COLUMNS[column - 1]], node, reached[stage]))
    order = ("offer-accepted", "offer-declined", "open", "withdrew", "rejected", "no-response")
    for column, stage in enumerate(COLUMNS):
        for outcome in order:
            count = endings.get((stage, outcome), 0)
            if not count:
                continue
            label = OUTCOME_LABELS["" if outcome == "open" else outcome]
            node = Node(f"{stage}-{outcome}", label, count, column + 1, outcome)
            sankey.nodes.append(node)
            sankey.links.append(Link(stage_nodes[stage], node, count))
    return sankey


def layout(
    sankey: Sankey,
    width: float = 760,
    height: float = 380,
    node_width: float = 14,
    gap: float = 14,
    label_room: float = 120,
) -> Sankey:
    """Positions: columns evenly apart, nodes stacked with gaps, bands in target order."""
    columns: dict[int, list[Node]] = {}
    for node in sankey.nodes:
        columns.setdefault(node.column, []).append(node)
    # Within a column: the stage first, then outcomes in the order they were made.
    for nodes in columns.values():
        nodes.sort(key=lambda n: (n.kind != "stage", sankey.nodes.index(n)))
    total = max((n.value for n in sankey.nodes if n.column == 0), default=0)
    if not total:
        sankey.width, sankey.height = width, 0
        return sankey
    most_gaps = max(len(nodes) - 1 for nodes in columns.values())
    scale = (height - gap * most_gaps) / total
    last_column = max(columns)
    step = (width - label_room - node_width) / max(last_column, 1)
    for column, nodes in columns.items():
        y = 0.0
        for node in nodes:
            node.x = column * step
            node.y = y
            node.height = node.value * scale
            y += node.height + gap
    outgoing: dict[str, float] = {}
    for node in sorted(sankey.nodes, key=lambda n: (n.column, n.y)):
        for link in sankey.links:
            if link.target is node:
                link.width = link.value * scale
                link.source_y = link.source.y + outgoing.get(link.source.id, 0.0)
                outgoing[link.source.id] = outgoing.get(link.source.id, 0.0) + link.width
                link.target_y = node.y
    sankey.width, sankey.height = width, height
    return sankey


def _band(link: Link, node_width: float) -> str:
    x0, x1 = link.source.x + node_width, link.target.x
    middle = (x0 + x1) / 2
    top0, top1 = link.source_y, link.target_y
    bottom0, bottom1 = top0 + link.width, top1 + link.width
    return (
        f"M{x0:.1f},{top0:.1f} C{middle:.1f},{top0:.1f} {middle:.1f},{top1:.1f} {x1:.1f},{top1:.1f} "
        f"L{x1:.1f},{bottom1:.1f} C{middle:.1f},{bottom1:.1f} {middle:.1f},{bottom0:.1f} {x0:.1f},{bottom0:.1f} Z"
    )


def svg(sankey: Sankey, title: str, description: str, node_width: float = 14) -> str:
    """The picture as inline SVG; colours come from the theme's CSS classes."""
    pad = 6
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="sankey" role="img" '
        f'viewBox="{-pad} {-pad} {sankey.width + 2 * pad:.0f} {sankey.height + 2 * pad:.0f}" '
        f'aria-labelledby="sankey-title sankey-desc">',
        f'<title id="sankey-title">{escape(title)}</title>',
        f'<desc id="sankey-desc">{escape(description)}</desc>',
        '<g class="sankey-links">',
    ]
    for link in sankey.links:
        parts.append(
            f'<path class="sankey-link sankey-{link.target.kind}" d="{_band(link, node_width)}">'
            f"<title>{escape(link.source.label)} → {escape(link.target.label)}: {link.value}</title></path>"
        )
    parts.append('</g><g class="sankey-nodes">')
    for node in sankey.nodes:
        parts.append(
            f'<rect class="sankey-node sankey-{node.kind}" x="{node.x:.1f}" y="{node.y:.1f}" '
            f'width="{node_width}" height="{max(node.height, 1):.1f}"><title>{escape(node.label)}: {node.value}</title></rect>'
        )
        parts.append(
            f'<text class="sankey-label" x="{node.x + node_width + 5:.1f}" y="{node.y + node.height / 2:.1f}" '
            f'dominant-baseline="middle">{escape(node.label)} {node.value}</text>'
        )
    parts.append("</g></svg>")
    return "".join(parts)


def weekly_svg(
    counts: list[int], title: str, description: str, width: float = 600, height: float = 120
) -> str:
    """Applications sent per week as a small line chart (one point per week)."""
    if not counts:
        return ""
    top = max(max(counts), 1)
    step = width / max(len(counts) - 1, 1)
    points = " ".join(f"{i * step:.1f},{height - c / top * height:.1f}" for i, c in enumerate(counts))
    dots = "".join(
        f'<circle class="weekly-dot" cx="{i * step:.1f}" cy="{height - c / top * height:.1f}" r="3"/>'
        for i, c in enumerate(counts)
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="weekly" role="img" viewBox="-6 -6 {width + 12:.0f} {height + 12:.0f}" '
        f'aria-labelledby="weekly-title weekly-desc"><title id="weekly-title">{escape(title)}</title>'
        f'<desc id="weekly-desc">{escape(description)}</desc>'
        f'<polyline class="weekly-line" points="{points}"/>{dots}</svg>'
    )
