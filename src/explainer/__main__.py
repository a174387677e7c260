import sys

from explainer.cli import main

sys.exit(main(sys.argv[1:]))
