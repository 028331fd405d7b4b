"""The console's page groups, one module each; `service.ui.install` mounts every one listed here."""

from service.ui.pages import auth, decisions, playground, rules, systems, waivers

MODULES = (auth, decisions, systems, rules, waivers, playground)
