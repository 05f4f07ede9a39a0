from wagtail import hooks

from .demo import seed_kernel


@hooks.register("sebaya_seed_demo", order=0)
def seed_demo_kernel(*, stdout=None):
    return seed_kernel(stdout=stdout)
