"""The Sandbox mode's screen: build, train and probe your own models."""

from tutor.ui.sandbox.screen import SandboxScreen

__all__ = ["SandboxScreen"]
