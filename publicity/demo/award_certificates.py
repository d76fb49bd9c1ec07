"""The demo's certificates: staff issue one to everyone on the 2021 final list."""

from longjiang.demo import DemoRun
from nominations.demo.seeding import seeding_of
from publicity.services.certificates import allocate_certificates


def seed(run: DemoRun) -> str:
    """Allocate the final list's certificates as staff; return the stage's sentence."""
    seeding = seeding_of(run)
    issued = allocate_certificates(seeding.campaign, actor=seeding.staff)
    serials = sorted(c.serial for c in issued)
    return f"Certificates: {len(issued)} issued ({serials[0]}–{serials[-1]})."
