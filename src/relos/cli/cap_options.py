"""The options of a cap override ("unless otherwise agreed"), shared by `relos deployments override` (recorded
directly, in the joint instance) and `relos exchange propose-override` (proposed to the partner, in a party's
instance): the agreement, the visiting party, the window, who agreed and by what document, and the caps raised."""

from __future__ import annotations

from typing import Annotated

import typer

Agreement = Annotated[str, typer.Option("--agreement")]
Visiting = Annotated[str, typer.Option("--visiting", help="the visiting party whose caps are raised")]
Start = Annotated[str, typer.Option("--start")]
End = Annotated[str, typer.Option("--end")]
Authority = Annotated[str, typer.Option("--authority", help="who agreed")]
Reference = Annotated[str, typer.Option("--reference", help="the document's reference")]
Warships = Annotated[int | None, typer.Option("--warships")]
Aircraft = Annotated[int | None, typer.Option("--aircraft")]
Personnel = Annotated[int | None, typer.Option("--personnel")]


def limits(warships: int | None, aircraft: int | None, personnel: int | None) -> dict[str, int | None]:
    """The caps as the use cases take them: only those given are raised."""
    return {"warships": warships, "aircraft": aircraft, "personnel": personnel}
