"""Generate src/storylint/families/objects/data/verb_effects.verbnet.yaml from VerbNet 3.3.

Run once, by a maintainer, never at run time (storylint stays offline):

    python tools/build_verb_lexicon.py /path/to/verbnet3.zip      # or the unzipped folder
    python tools/build_verb_lexicon.py VERBNET --excluded         # also list what was left out

The way objects.tsv is generated from WordNet (tools/build_object_lexicon.py), this reads
VerbNet's classes (members, thematic roles with selectional restrictions, frames with their
syntax and SEMANTICS predicates) and writes verb entries in exactly the shape of the
hand-written verb_effects.yaml `verbs:` entries (checked against verb_effects.schema.yaml),
each with a comment above it naming its VerbNet class and the predicate it came from.

How an entry is made (docs: src/storylint/families/objects/docs/verbnet.md):

1. A class's frames (its own and its ancestors') give the role its verb acts on: the NP
   after VERB in a transitive frame ("NP V NP": Patient, Theme, Product...), or the subject
   of an intransitive frame ("The window broke", "The candle flickered").
2. The predicates about that role, with their event phase (start(E), during(E), end(E),
   result(E); the e1/e2/... of later VerbNet releases read as start for the first and end
   for the last), give the effect: RULES below, the first that fits a class wins.
3. The role's selectional restrictions give the object categories (comestible and solid:
   food; comestible and not solid: drink).
4. Particles come from multiword members ("take_out", "give-away": "take out") and from
   frames: a PP.patient after an eating verb ("feasted on the cake": "feast on", target
   prep), a result PP of a breaking or cutting verb ("cut into pieces": "hack into", with
   the piece nouns of the hand-written lexicon), `apart` ("rip apart").
5. A verb whose classes give different entries is ambiguous and left out; so are verbs the
   hand-written verb_effects.yaml already has (any entry of the same verb: it wins), and
   the verbs and classes the hand review rejected (tools/verbnet_review.yaml, each with
   its reason). `--no-review` shows the mapping before the review; `--excluded-doc FILE`
   writes what was left out, and why, as Markdown (docs/verbnet-excluded.md).
"""

from __future__ import annotations

import argparse
import io
import re
import sys
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src/storylint/families/objects/data"
OUT = DATA / "verb_effects.verbnet.yaml"
HAND_WRITTEN = DATA / "verb_effects.yaml"

# The lexicon's particles (events.PARTICLE_WORDS) and the prepositions a key may end with.
PARTICLES = frozenset(
    {"off", "on", "up", "out", "away", "down", "over", "apart", "in", "aside", "back"}
)
PIECES = ["pieces", "bits", "halves", "slices", "chunks", "strips", "shreds", "quarters"]
SHARDS = ["pieces", "bits", "halves", "shards", "fragments", "smithereens"]


# --- reading VerbNet ------------------------------------------------------------------


@dataclass(frozen=True)
class Pred:
    name: str
    negated: bool
    events: tuple[str, ...]
    roles: tuple[str, ...]  # ThemRole arguments, '?' stripped
    constants: tuple[str, ...]
    args: tuple[str, ...] = ()  # every argument as VerbNet writes it, in order

    def text(self) -> str:
        return f"{'!' if self.negated else ''}{self.name}({', '.join(self.args)})"


@dataclass(frozen=True)
class Frame:
    primary: str
    secondary: str
    example: str
    syntax: tuple[tuple[str, str], ...]  # (NP|VERB|PREP|LEX|ADJ|ADV, value)
    preds: tuple[Pred, ...]

    def subject(self) -> str | None:
        if len(self.syntax) > 1 and self.syntax[0][0] == "NP" and self.syntax[1][0] == "VERB":
            return self.syntax[0][1]
        return None

    def object(self) -> str | None:
        """The role of the NP right after the verb: "NP V NP" frames."""
        for i, (kind, _) in enumerate(self.syntax):
            if kind == "VERB":
                after = self.syntax[i + 1 : i + 2]
                return after[0][1] if after and after[0][0] == "NP" else None
        return None

    def single_object(self) -> bool:
        """One NP after the verb (not "They lent me a bicycle")."""
        kinds = [k for k, _ in self.syntax]
        return (
            "VERB" in kinds
            and kinds[kinds.index("VERB") + 1 :].count("NP") == 1
            and (kinds[kinds.index("VERB") + 1 : kinds.index("VERB") + 2] == ["NP"])
        )

    def intransitive(self) -> bool:
        kinds = [k for k, _ in self.syntax]
        return kinds[:2] == ["NP", "VERB"] and "NP" not in kinds[2:]

    def pp(self) -> list[tuple[str, str]]:
        """(preposition words, role) for each PREP NP pair after the verb."""
        out = []
        for (kind, value), (next_kind, role) in zip(self.syntax, self.syntax[1:], strict=False):
            if kind == "PREP" and next_kind == "NP":
                out.append((value, role))
        return out

    def about(self, role: str) -> list[Pred]:
        return [p for p in self.preds if role in p.roles]


@dataclass
class VNClass:
    id: str
    members: list[str]
    roles: dict[str, list[tuple[str, str]]]  # role -> [(+/-, restriction)]
    frames: list[Frame]
    parent: VNClass | None = None
    children: list[VNClass] = field(default_factory=list)

    def all_frames(self) -> list[Frame]:
        return (self.parent.all_frames() if self.parent else []) + self.frames

    def restrictions(self, role: str) -> list[tuple[str, str]]:
        if role in self.roles:
            return self.roles[role]
        return self.parent.restrictions(role) if self.parent else []

    def has_role(self, role: str) -> bool:
        return role in self.roles or (self.parent is not None and self.parent.has_role(role))

    def lineage(self) -> list[VNClass]:
        """This class and its ancestors, nearest first."""
        return [self] + (self.parent.lineage() if self.parent else [])


def _xml_files(source: Path) -> Iterator[tuple[str, bytes]]:
    if source.is_dir():
        for path in sorted(source.rglob("*.xml")):
            yield path.name, path.read_bytes()
        return
    with zipfile.ZipFile(source) as archive:
        for name in sorted(archive.namelist()):
            if name.endswith(".xml"):
                yield Path(name).name, archive.read(name)


def _pred(node: ET.Element) -> Pred:
    events, roles, constants, args = [], [], [], []
    for arg in node.findall("ARGS/ARG"):
        kind, value = arg.get("type", ""), arg.get("value", "")
        args.append(value)
        if kind == "Event":
            events.append(value)
        elif kind == "ThemRole":
            roles.append(value.lstrip("?"))
        else:
            constants.append(value)
    return Pred(
        node.get("value", ""),
        node.get("bool") == "!",
        tuple(events),
        tuple(roles),
        tuple(constants),
        tuple(args),
    )


def _frame(node: ET.Element) -> Frame:
    desc = node.find("DESCRIPTION")
    syntax = []
    for item in node.find("SYNTAX") or []:
        syntax.append((item.tag, item.get("value", "")))
    return Frame(
        primary=desc.get("primary", "") if desc is not None else "",
        secondary=desc.get("secondary", "") if desc is not None else "",
        example=(node.findtext("EXAMPLES/EXAMPLE") or "").strip(),
        syntax=tuple(syntax),
        preds=tuple(_pred(p) for p in node.findall("SEMANTICS/PRED")),
    )


def _class(node: ET.Element, parent: VNClass | None) -> Iterator[VNClass]:
    roles = {
        r.get("type", ""): [(s.get("Value", ""), s.get("type", "")) for s in r.iter("SELRESTR")]
        for r in node.findall("THEMROLES/THEMROLE")
    }
    cls = VNClass(
        node.get("ID", ""),
        [m.get("name", "") for m in node.findall("MEMBERS/MEMBER")],
        roles,
        [_frame(f) for f in node.findall("FRAMES/FRAME")],
        parent,
    )
    if parent is not None:
        parent.children.append(cls)
    yield cls
    for sub in node.findall("SUBCLASSES/VNSUBCLASS"):
        yield from _class(sub, cls)


def read_verbnet(source: Path) -> list[VNClass]:
    """Every class and subclass, in file order."""
    classes: list[VNClass] = []
    for _, data in _xml_files(source):
        text = re.sub(rb"<!DOCTYPE[^>]*>", b"", data)  # the DTD is not needed to read it
        root = ET.parse(io.BytesIO(text)).getroot()
        if root.tag == "VNCLASS":
            classes.extend(_class(root, None))
    return classes


# --- events and phases ------------------------------------------------------------------


def phase(event: str, frame: Frame) -> str:
    """start | during | end: VerbNet 3.3 writes start(E), during(E), end(E), result(E);
    later releases number subevents e1, e2, ... (the first is the start, the last the end)."""
    low = event.lower()
    if low.startswith(("result(", "end(")):
        return "end"
    if low.startswith("start("):
        return "start"
    if low.startswith("during(") or low in ("e", "e0"):
        return "during"
    numbered = re.fullmatch(r"[eë](\d+)", low)
    if numbered:
        numbers = sorted(
            {int(m) for p in frame.preds for e in p.events for m in re.findall(r"[eë](\d+)", e)}
        )
        if len(numbers) > 1 and int(numbered.group(1)) == numbers[0]:
            return "start"
        if len(numbers) > 1 and int(numbered.group(1)) == numbers[-1]:
            return "end"
    return "during"


def at(pred: Pred, frame: Frame) -> str:
    return phase(pred.events[0], frame) if pred.events else "during"


# --- rules: predicates -> effects ---------------------------------------------------------


@dataclass(frozen=True)
class Proposal:
    suffix: str  # particle or preposition after the verb ("" for the bare verb)
    entry: tuple[tuple[str, object], ...]  # the verbs: entry, in the file's key order
    rule: str
    predicate: str  # the VerbNet predicate(s) it came from, as text


@dataclass(frozen=True)
class Analysis:
    transitive: list[tuple[Frame, str]]  # (frame, object role)
    intransitive: list[tuple[Frame, str]]  # (frame, subject role)

    def object_roles(self) -> set[str]:
        """The roles a lone direct object plays across the class's frames."""
        return {r for f, r in self.transitive if f.single_object()}

    def object_preds(self) -> list[tuple[Frame, str, Pred]]:
        return [(f, r, p) for f, r in self.transitive for p in f.about(r)]

    def subject_preds(self) -> list[tuple[Frame, str, Pred]]:
        return [(f, r, p) for f, r in self.intransitive for p in f.about(r)]


def analyse(cls: VNClass) -> Analysis:
    transitive, intransitive = [], []
    for frame in cls.all_frames():
        obj = frame.object()
        if obj and frame.subject():
            transitive.append((frame, obj))
        elif frame.intransitive() and frame.subject():
            intransitive.append((frame, frame.subject() or ""))
    return Analysis(transitive, intransitive)


def entry(**fields: object) -> tuple[tuple[str, object], ...]:
    order = [
        "requires",
        "effects",
        "target",
        "categories",
        "wearer",
        "holder",
        "confidence",
        "with_adverb",
        "with_prep",
        "with_pobj",
        "unless_complete",
        "state",
        "transfer",
        "form",
    ]
    return tuple((k, fields[k]) for k in order if k in fields)


def restricted(cls: VNClass, role: str, wanted: str) -> bool | None:
    """True (+wanted), False (-wanted) or None (not said) for a role's restriction."""
    for value, kind in cls.restrictions(role):
        if kind == wanted:
            return value == "+"
    return None


def animate(cls: VNClass, role: str) -> bool:
    return bool(restricted(cls, role, "animate"))


def any_pred(cls: VNClass, name: str, constant: str | None = None) -> bool:
    return any(
        p.name == name and (constant is None or constant in p.constants)
        for f in cls.all_frames()
        for p in f.preds
    )


def equals(frame: Frame, a: str, roles: Iterable[str]) -> bool:
    wanted = set(roles)
    return any(p.name == "equals" and a in p.roles and wanted & set(p.roles) for p in frame.preds)


Rule = Callable[[VNClass, Analysis], list[Proposal] | None]
# Roles that are a place or a person: a direct object playing one is not the thing moved.
PLACES_AND_PEOPLE = frozenset(
    {"Source", "Destination", "Location", "Initial_Location", "Goal", "Recipient", "Beneficiary"}
)
GONE_FALSE = {"gone": False}


def rule_communication(cls: VNClass, a: Analysis) -> list[Proposal] | None:
    """Transfer of information (tr_of_info, transfer_info) is talk, not objects: no entry."""
    if any_pred(cls, "path_rel", "tr_of_info") or any_pred(cls, "transfer_info"):
        return []
    return None


def rule_transfer(cls: VNClass, a: Analysis) -> list[Proposal] | None:
    """transfer(during(E), Theme) with path_rel(..., ch_of_poss): ownership moves.
    equals(Agent, Source): the subject gives it away; equals(Agent, Goal|Recipient|
    Beneficiary): the subject gets it; both (exchange): traded. A class whose lone direct
    object can be the person ("robbed the bank of its gold", "equipped the army with
    rifles") says nothing sure about the object: no entry."""
    if not any_pred(cls, "transfer"):
        return None
    if a.object_roles() & PLACES_AND_PEOPLE:
        return []
    for frame, role in a.transitive:
        moved = [p for p in frame.about(role) if p.name == "transfer"]
        poss = [
            p for p in frame.about(role) if p.name == "path_rel" and "ch_of_poss" in p.constants
        ]
        if not moved or not poss or animate(cls, role):
            continue
        away = equals(frame, "Agent", ["Source"])
        into = equals(frame, "Agent", ["Goal", "Recipient", "Beneficiary"])
        text = f"{moved[0].text()} + {poss[0].text()}"
        if away and (into or cls.has_role("Co-Theme")):
            return [
                Proposal(
                    "",
                    entry(requires=GONE_FALSE, effects={"held": None, "worn": None}, transfer=True),
                    "transfer-exchange",
                    text,
                )
            ]
        if away and cls.has_role("Asset"):
            return [
                Proposal(
                    "",
                    entry(requires=GONE_FALSE, effects={"held": None, "worn": None}, transfer=True),
                    "transfer-sell",
                    text + " + Asset",
                )
            ]
        if away:
            return [
                Proposal(
                    "",
                    entry(
                        requires=GONE_FALSE,
                        effects={"held": True, "worn": None},
                        holder="recipient",
                        transfer=True,
                    ),
                    "transfer-give",
                    text + " + equals(Agent, Source)",
                )
            ]
        if into:
            return [
                Proposal(
                    "",
                    entry(effects={"held": True, "worn": None, "gone": False}, transfer=True),
                    "transfer-get",
                    text + " + equals(Agent, Goal)",
                )
            ]
    return None


def rule_possession(cls: VNClass, a: Analysis) -> list[Proposal] | None:
    """has_possession(during(E), Agent, Theme): the subject still has it, so it exists."""
    for frame, role in a.transitive:
        for p in frame.about(role):
            if p.name == "has_possession" and not p.negated and at(p, frame) == "during":
                if "Agent" in p.roles or "Pivot" in p.roles:
                    return [
                        Proposal(
                            "", entry(requires=GONE_FALSE, confidence=0.8), "possession", p.text()
                        )
                    ]
    return None


def rule_destroyed(cls: VNClass, a: Analysis) -> list[Proposal] | None:
    """destroyed(result(E), Patient): broken."""
    for frame, _, p in a.object_preds():
        if p.name == "destroyed" and at(p, frame) == "end" and not p.negated:
            return [
                Proposal(
                    "", entry(requires=GONE_FALSE, effects={"broken": True}), "destroyed", p.text()
                )
            ]
    return None


def rule_exist(cls: VNClass, a: Analysis) -> list[Proposal] | None:
    """exist(start(E), X) then !exist(end(E), X): used up (gone). !exist(start(E), X) then
    exist(result(E), X) with an Agent causing it: made (it exists: gone false)."""
    for frame, role in a.transitive:
        about = frame.about(role)
        ends = [p for p in about if p.name == "exist" and at(p, frame) == "end"]
        starts = [p for p in about if p.name == "exist" and at(p, frame) == "start"]
        if ends and starts and ends[0].negated and not starts[0].negated:
            text = f"{starts[0].text()} + {ends[0].text()}"
            return [
                Proposal(
                    "", entry(requires=GONE_FALSE, effects={"gone": True}), "exist-ended", text
                )
            ]
        if ends and starts and starts[0].negated and not ends[0].negated:
            if any(p.name == "cause" and "Agent" in p.roles for p in frame.preds):
                text = f"{starts[0].text()} + {ends[0].text()}"
                return [Proposal("", entry(effects=GONE_FALSE), "exist-created", text)]
    return None


def rule_disappear(cls: VNClass, a: Analysis) -> list[Proposal] | None:
    """disappear(result(E), Patient), said of the subject: gone."""
    for frame, _, p in a.subject_preds():
        if p.name == "disappear" and at(p, frame) == "end" and not p.negated:
            return [
                Proposal(
                    "",
                    entry(
                        effects={"gone": True},
                        target="subject",
                        confidence=0.8,
                        form="intransitive",
                    ),
                    "disappear",
                    p.text(),
                )
            ]
    return None


def _pieces_preps(cls: VNClass, a: Analysis) -> list[str]:
    """The result PP's prepositions ("broke the glass to pieces", "cut it into pieces")."""
    preps: set[str] = set()
    for frame, _ in a.transitive:
        for words, role in frame.pp():
            if role == "Result":
                preps |= {w for w in re.split(r"[\s|]+", words) if w in ("into", "to")}
    return sorted(preps)


def rule_degradation(cls: VNClass, a: Analysis) -> list[Proposal] | None:
    """degradation_material_integrity(result(E), Patient): with physical_form(result(E)) it
    is broken; without (cutting, carving: "cut the bread") it only needs the thing whole
    and there, and "cut it into pieces" is pieces. mingled(...) (mixing) is no damage."""
    if not any_pred(cls, "degradation_material_integrity"):
        return None
    if any_pred(cls, "mingled") or any_pred(cls, "together"):
        return []  # mixing and joining: the parts go on existing, together
    for frame, _, p in a.object_preds():
        if p.name != "degradation_material_integrity" or at(p, frame) != "end":
            continue
        form = any(q.name == "physical_form" for q in frame.preds)
        proposals = []
        if form:
            proposals.append(
                Proposal(
                    "",
                    entry(requires=GONE_FALSE, effects={"broken": True}),
                    "degradation-broken",
                    f"{p.text()} + physical_form",
                )
            )
            effects = {"broken": True, "pieces": True}
            pobj = SHARDS
        else:
            proposals.append(
                Proposal(
                    "",
                    entry(requires={"gone": False, "pieces": False}),
                    "degradation-cut",
                    p.text(),
                )
            )
            effects = {"pieces": True}
            pobj = PIECES
        for prep in _pieces_preps(cls, a):
            proposals.append(
                Proposal(
                    prep,
                    entry(requires=GONE_FALSE, effects=effects, with_pobj=pobj),
                    "degradation-result-pp",
                    f"{p.text()} + PP.result",
                )
            )
        return proposals
    for frame, _, p in a.subject_preds():
        if p.name == "degradation_material_integrity" and at(p, frame) == "end":
            if not cls.has_role("Agent"):  # "the bridge gave way", "the car broke down"
                return [
                    Proposal(
                        "",
                        entry(effects={"broken": True}, target="subject", form="intransitive"),
                        "degradation-intransitive",
                        p.text(),
                    )
                ]
    return None


def rule_take_in(cls: VNClass, a: Analysis) -> list[Proposal] | None:
    """take_in(during(E), Agent, Patient): eaten or drunk (gone), food or drink by the
    Patient's restrictions; a class with the conative frame ("nibbled at the carrot")
    only nibbles: it needs the thing there. The eater must be the Agent (not absorb,
    feed), and the Patient comestible or biotic."""
    if not (restricted(cls, "Patient", "comestible") or restricted(cls, "Patient", "biotic")):
        return None
    solid = restricted(cls, "Patient", "solid")
    categories = ["food"] if solid else ["drink"] if solid is False else ["food", "drink"]
    conative = any("Conative" in f.secondary for f in cls.all_frames())
    proposals = []
    for frame, role in a.transitive:
        for p in frame.about(role):
            if p.name == "take_in" and p.roles[:1] == ("Agent",) and role == "Patient":
                if conative:
                    proposals.append(
                        Proposal(
                            "",
                            entry(requires=GONE_FALSE, categories=categories),
                            "take_in-partial",
                            p.text() + " + conative",
                        )
                    )
                else:
                    proposals.append(
                        Proposal(
                            "",
                            entry(
                                requires=GONE_FALSE,
                                effects={"gone": True},
                                categories=categories,
                                unless_complete=0.45,
                            ),
                            "take_in",
                            p.text(),
                        )
                    )
                break
        if proposals:
            break
    # "breakfasted on peaches", "nibbled on the carrot": the Patient after a preposition.
    for frame in cls.all_frames():
        for words, role in frame.pp():
            takes = [p for p in frame.about(role) if p.name == "take_in" and role == "Patient"]
            for prep in re.split(r"[\s|]+", words):
                if not takes or prep not in ("on", "at", "from") or not frame.subject():
                    continue
                if conative or prep != "on":
                    e = entry(requires=GONE_FALSE, target="prep", categories=categories)
                    name = "take_in-partial"
                else:
                    e = entry(
                        requires=GONE_FALSE,
                        effects={"gone": True},
                        target="prep",
                        categories=categories,
                        unless_complete=0.45,
                    )
                    name = "take_in"
                proposal = Proposal(prep, e, name, f"{takes[0].text()} + PP.patient '{prep}'")
                if proposal not in proposals:
                    proposals.append(proposal)
    return proposals or None


def rule_emit_light(cls: VNClass, a: Analysis) -> list[Proposal] | None:
    """emit(during(E), Theme, Light) said of the subject: a light that shines is lit."""
    for _, _, p in a.subject_preds():
        if p.name == "emit" and "Light" in p.constants + p.roles:
            return [
                Proposal(
                    "",
                    entry(
                        requires={"lit": True},
                        target="subject",
                        categories=["light"],
                        form="intransitive",
                    ),
                    "emit-light",
                    p.text(),
                )
            ]
    return None


def rule_wear(cls: VNClass, a: Analysis) -> list[Proposal] | None:
    """wear(E, Agent, Theme): only the stative "wear" is sure; VerbNet gives don and doff
    the same predicate (the result state is an unnamed ?Result), so which way a dressing
    verb goes cannot be read from it: those are left out, as ambiguous."""
    for _, _, p in a.object_preds():
        if p.name == "wear":
            return [
                Proposal(
                    "",
                    entry(
                        requires={"worn": True},
                        effects={"worn": True},
                        categories=["garment", "accessory"],
                        state=True,
                    ),
                    "wear-state",
                    p.text(),
                )
            ]
    return None


def rule_hold(cls: VNClass, a: Analysis) -> list[Proposal] | None:
    """contact(during(E), Agent, Theme) + continue(E, Theme): held."""
    for frame, role in a.transitive:
        about = frame.about(role)
        contact = [p for p in about if p.name == "contact" and "Agent" in p.roles and not p.negated]
        if contact and any(p.name == "continue" for p in about):
            return [
                Proposal(
                    "",
                    entry(requires=GONE_FALSE, effects={"held": True}),
                    "hold",
                    f"{contact[0].text()} + continue",
                )
            ]
    return None


def rule_function(cls: VNClass, a: Analysis) -> list[Proposal] | None:
    """!function(during(E), Theme) said of the subject: a machine that dies stops."""
    for _, _, p in a.subject_preds():
        if p.name == "function" and p.negated:
            return [
                Proposal(
                    "",
                    entry(
                        effects={"running": False},
                        target="subject",
                        categories=["device", "vehicle"],
                        form="intransitive",
                    ),
                    "not-function",
                    p.text(),
                )
            ]
    return None


def rule_location(cls: VNClass, a: Analysis) -> list[Proposal] | None:
    """path_rel(..., Theme, ..., ch_of_loc): the object moves (an inanimate Theme as direct
    object). With the Agent moving along (carry: equals(E0, E1), motion(Agent)) it is held;
    leaving the Agent's hand (!contact(Agent, Theme): throw) or set down at a Destination
    with nothing pushing it (put, pocket, send) it is not held; otherwise (push, pour,
    remove) it only has to exist. A class whose lone direct object can be the place
    ("sprayed the wall" / "sprayed paint", "wiped the counter" / "wiped the fingerprints")
    says nothing sure about the object: no entry."""
    if not any_pred(cls, "path_rel", "ch_of_loc"):
        return None
    if a.object_roles() & PLACES_AND_PEOPLE:
        return []
    moving = []  # (frame, role, its ch_of_loc paths) for each frame that moves the object
    for frame, role in a.transitive:
        about = frame.about(role)
        paths = [p for p in about if p.name == "path_rel" and "ch_of_loc" in p.constants]
        if not paths or animate(cls, role) or role not in ("Theme", "Patient"):
            continue
        if restricted(cls, role, "body_part") or any_pred(cls, "body_process"):
            return []  # "stretched her arms", "spat blood": the body, not things
        moving.append((frame, role, paths))
    if not moving:
        return None
    text = moving[0][2][0].text()
    for frame, _, paths in moving:
        if any(p.name == "motion" and "Agent" in p.roles for p in frame.preds):
            return [
                Proposal(
                    "",
                    entry(requires=GONE_FALSE, effects={"held": True}),
                    "location-carry",
                    f"{paths[0].text()} + motion(Agent)",
                )
            ]
    for frame, role, paths in moving:
        about = frame.about(role)
        if any(p.name == "contact" and p.negated and "Agent" in p.roles for p in about):
            return [
                Proposal(
                    "",
                    entry(requires=GONE_FALSE, effects={"held": False}),
                    "location-let-go",
                    f"{paths[0].text()} + !contact(Agent, {role})",
                )
            ]
    from_source = any(
        at(p, f) == "start" and "Source" in p.roles for f, _, paths in moving for p in paths
    )
    pushed = any(
        p.name in ("exert_force", "contact", "direction") for f, _, _ in moving for p in f.preds
    )
    for frame, _, paths in moving:
        dest = [p for p in paths if at(p, frame) == "end" and "Destination" in p.roles]
        if dest and not from_source and not pushed:
            return [
                Proposal(
                    "",
                    entry(requires=GONE_FALSE, effects={"held": False}),
                    "location-put",
                    dest[0].text(),
                )
            ]
    return [Proposal("", entry(requires=GONE_FALSE), "location-moved", text)]


def rule_apart(cls: VNClass, a: Analysis) -> list[Proposal] | None:
    """apart(result(E), Patient_i, Patient_j) with the LEX `apart` ("ripped it apart"):
    "X apart" is in pieces, but only for verbs that also degrade material (BREAKERS,
    filled in by `generate`); "pried them apart" only separates."""
    for frame in cls.all_frames():
        if ("LEX", "apart") in frame.syntax:
            p = next((p for p in frame.preds if p.name == "apart"), None)
            if p is not None and at(p, frame) == "end":
                return [
                    Proposal(
                        "apart",
                        entry(requires=GONE_FALSE, effects={"broken": True, "pieces": True}),
                        "apart",
                        p.text() + " + LEX apart",
                    )
                ]
    return None


RULES: list[tuple[str, Rule]] = [
    ("communication", rule_communication),
    ("transfer", rule_transfer),
    ("destroyed", rule_destroyed),
    ("exist", rule_exist),
    ("disappear", rule_disappear),
    ("degradation", rule_degradation),
    ("take_in", rule_take_in),
    ("emit", rule_emit_light),
    ("wear", rule_wear),
    ("hold", rule_hold),
    ("function", rule_function),
    ("apart", rule_apart),
    ("possession", rule_possession),
    ("location", rule_location),
]


# --- hand review ----------------------------------------------------------------------------
# Verbs and classes the hand review rejected, and what it let back in: tools/verbnet_review.yaml
# (docs/verbnet.md, "Hand review").
REVIEW_FILE = Path(__file__).with_name("verbnet_review.yaml")


def load_review(path: Path = REVIEW_FILE) -> tuple[dict[str, str], dict[str, str]]:
    """(rejected verbs, rejected classes), each with why; the admitted verbs taken out."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    admitted = set(data.get("admitted_on_second_pass") or ())
    verbs = {
        str(k).strip(): str(v)
        for k, v in (data.get("rejected_verbs") or {}).items()
        if str(k).strip() not in admitted
    }
    return verbs, {str(k): str(v) for k, v in (data.get("rejected_classes") or {}).items()}


HAND_REVIEW, HAND_CLASSES = load_review()


# --- generating ---------------------------------------------------------------------------


def key_of(member: str) -> str | None:
    """'take_out' -> 'take out'; 'give-away' -> 'give away'; None for what the engine's
    lookup never sees: three words, proper nouns, hyphenated compounds ('pan-fry')."""
    words = member.replace("_", " ").split()
    if "-" in member and len(words) == 1:
        head, _, tail = member.partition("-")
        if tail not in PARTICLES:
            return None
        words = [head, tail]
    if not words or len(words) > 2 or any(not w.isalpha() or not w.islower() for w in words):
        return None
    if len(words) == 2 and words[1] not in PARTICLES:
        return None
    return " ".join(words)


@dataclass
class Candidate:
    key: str
    entry: tuple[tuple[str, object], ...]
    rule: str
    sources: list[tuple[str, str]]  # (class id, predicate text)


@dataclass
class Result:
    entries: dict[str, Candidate]
    ambiguous: dict[str, list[Candidate]]
    hand_written: dict[str, list[Candidate]]
    reviewed_out: dict[str, tuple[str, list[Candidate]]]
    unmatched: int
    class_rules: dict[str, str]  # class id -> rule name (or why none)


def hand_written_verbs(path: Path) -> set[str]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    verbs = set()
    for key in data.get("verbs") or {}:
        verbs.add(key.split(" (")[0].split()[0])
    for key in (data.get("people") or {}).get("effects") or {}:
        verbs.add(key.split()[0])
    return verbs


def classify(cls: VNClass) -> tuple[str, list[Proposal]]:
    for name, rule in RULES:
        proposals = rule(cls, analyse(cls))
        if proposals is not None:
            return name, proposals
    return "", []


def specific(found: list[Candidate]) -> bool:
    """An entry that only fires with named nouns ("chipped into pieces") or with `apart`
    ("split apart") survives the review of its bare verb ("chipped in", "split the bill")."""
    return all(dict(c.entry).get("with_pobj") or c.rule == "apart" for c in found)


def generate(classes: list[VNClass], hand_path: Path, review: bool = True) -> Result:
    """The entries, and what was left out and why. `review=False` skips the hand review
    (HAND_REVIEW, HAND_CLASSES): the raw mapping, as the review first saw it."""
    hand = hand_written_verbs(hand_path)
    reviewed = HAND_REVIEW if review else {}
    left_out_classes = HAND_CLASSES if review else {}
    by_key: dict[str, list[Candidate]] = {}
    class_rules: dict[str, str] = {}
    # Verbs that degrade material somewhere (break, cut, carve): only they get "X apart".
    breakers = set()
    for cls in classes:
        if any(
            p.name == "degradation_material_integrity" for f in cls.all_frames() for p in f.preds
        ) and not any_pred(cls, "mingled"):
            breakers |= {m for m in cls.members}
    unmatched = 0
    for cls in classes:
        why_not = next(
            (left_out_classes[c.id] for c in cls.lineage() if c.id in left_out_classes), None
        )
        name, proposals = classify(cls)
        said = f"{name}: {len(proposals)} entries" if name else ""
        class_rules[cls.id] = said if not why_not else f"{said} (left out by review: {why_not})"
        if why_not:
            continue
        for member in cls.members:
            key = key_of(member)
            if key is None:
                unmatched += bool(proposals)
                continue
            for proposal in proposals:
                if proposal.rule == "apart" and member not in breakers:
                    continue
                if proposal.suffix and " " in key:
                    continue  # "break_up" + "into": no such key
                full = f"{key} {proposal.suffix}".strip()
                found = by_key.setdefault(full, [])
                same = next((c for c in found if c.entry == proposal.entry), None)
                if same is not None:
                    if (cls.id, proposal.predicate) not in same.sources:
                        same.sources.append((cls.id, proposal.predicate))
                else:
                    found.append(
                        Candidate(
                            full, proposal.entry, proposal.rule, [(cls.id, proposal.predicate)]
                        )
                    )
    result = Result({}, {}, {}, {}, unmatched, class_rules)
    for key, found in sorted(by_key.items()):
        verb = key.split()[0]
        if verb in hand:
            result.hand_written[key] = found
        elif key in reviewed or (verb in reviewed and not specific(found)):
            result.reviewed_out[key] = (reviewed.get(key) or reviewed[verb], found)
        elif len(found) > 1:
            result.ambiguous[key] = found
        else:
            result.entries[key] = found[0]
    return result


# --- writing ---------------------------------------------------------------------------------

YAML_WORDS = frozenset({"on", "off", "yes", "no", "true", "false", "null", "y", "n", "~", "none"})


def scalar(value: object) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, float | int):
        return repr(value)
    text = str(value)
    if text.lower() in YAML_WORDS or not re.fullmatch(r"[a-z][a-z_ ]*", text):
        return f'"{text}"'
    return text


def flow(value: object) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{scalar(k)}: {flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(flow(v) for v in value) + "]"
    return scalar(value)


HEADER = """\
# Verb effects generated from VerbNet 3.3 by tools/build_verb_lexicon.py: do not edit by hand.
#
# Same entries as the `verbs:` of verb_effects.yaml (checked against
# verb_effects.schema.yaml); each says above it the VerbNet class it came from and the
# semantic predicate that gave its effect. Verbs the hand-written verb_effects.yaml has
# are not here (it wins); ambiguous verbs and those the hand review rejected are listed in
# docs/verbnet.md with the mapping, the counts and how to regenerate.
#
# Source: VerbNet 3.3 (Kipper-Schuler et al., University of Colorado,
# https://verbs.colorado.edu/verbnet/), as packaged in the NLTK data collection
# (corpora/verbnet3), "distributed with permission of the author". VerbNet is free to use,
# copy, modify and distribute with its copyright notice; see its licence on that site.
"""


def render(result: Result) -> str:
    lines = [HEADER, "verbs:"]
    for key, cand in sorted(result.entries.items(), key=lambda kv: (kv[1].rule, kv[0])):
        where = "; ".join(f"{cid}: {pred}" for cid, pred in cand.sources[:3])
        more = f" (+{len(cand.sources) - 3} more)" if len(cand.sources) > 3 else ""
        lines.append(f"  # VerbNet {where}{more} [{cand.rule}]")
        lines.append(f"  {scalar(key)}: {flow(dict(cand.entry))}")
    return "\n".join(lines) + "\n"


def counts(result: Result) -> dict[str, int]:
    out: dict[str, int] = {}
    for cand in result.entries.values():
        out[cand.rule] = out.get(cand.rule, 0) + 1
    return dict(sorted(out.items()))


EXCLUDED_HEADER = """\
# VerbNet verbs left out of verb_effects.verbnet.yaml

Generated by `tools/build_verb_lexicon.py VERBNET --excluded-doc
src/storylint/families/objects/docs/verbnet-excluded.md`; do not edit by hand. Why these were
left out, and everything else about the generated lexicon: [verbnet.md](verbnet.md).

"""


def excluded_report(result: Result) -> str:
    lines = ["## Ambiguous (classes disagree)", ""]
    for key, found in sorted(result.ambiguous.items()):
        what = "; ".join(f"{c.rule} ({', '.join(s[0] for s in c.sources)})" for c in found)
        lines.append(f"- `{key}`: {what}")
    lines += ["", "## Rejected by the hand review", ""]
    for key, (why, found) in sorted(result.reviewed_out.items()):
        lines.append(f"- `{key}` ({found[0].rule}): {why}")
    lines += ["", "## Left to the hand-written verb_effects.yaml (it has the verb)", ""]
    lines.append(", ".join(f"`{k}`" for k in sorted(result.hand_written)))
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("verbnet", type=Path, help="verbnet3.zip, or the folder of class files")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--hand-written", type=Path, default=HAND_WRITTEN)
    parser.add_argument("--excluded", action="store_true", help="print what was left out")
    parser.add_argument("--excluded-doc", type=Path, help="write what was left out (Markdown)")
    parser.add_argument("--classes", action="store_true", help="print each class's rule")
    parser.add_argument("--no-review", action="store_true", help="the raw mapping, unreviewed")
    args = parser.parse_args(argv)
    classes = read_verbnet(args.verbnet)
    result = generate(classes, args.hand_written, review=not args.no_review)
    args.out.write_text(render(result), encoding="utf-8")
    members = {m for c in classes for m in c.members}
    print(
        f"{len(classes)} classes, {len(members)} verbs -> {len(result.entries)} entries in "
        f"{args.out} ({len(result.ambiguous)} ambiguous, {len(result.reviewed_out)} rejected "
        f"by review, {len(result.hand_written)} hand-written)"
    )
    for rule, n in counts(result).items():
        print(f"  {rule}: {n}")
    if args.classes:
        for cid, rule in result.class_rules.items():
            print(f"{cid}\t{rule}")
    if args.excluded:
        print(excluded_report(result))
    if args.excluded_doc:
        args.excluded_doc.write_text(EXCLUDED_HEADER + excluded_report(result), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
