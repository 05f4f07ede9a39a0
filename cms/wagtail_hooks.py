from wagtail import hooks

from .demo import seed_site


@hooks.register("sebaya_seed_demo", order=10)
def seed_demo_site(*, stdout=None):
    return seed_site(stdout=stdout)
