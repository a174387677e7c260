import sys

from explainer.site.cli import main

sys.exit(main(sys.argv[1:]))
