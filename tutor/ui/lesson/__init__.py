"""The lesson player: a lesson's steps on one page, walked with keys, with live code cells."""
