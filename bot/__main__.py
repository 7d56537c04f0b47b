"""`python -m bot`: the one entry point, used by `make run` and the Procfile."""

import sys

from bot.main import main

sys.exit(main())
