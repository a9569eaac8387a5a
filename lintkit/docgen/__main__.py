"""`python -m lintkit.docgen docs` regenerates every generated page of the docs site."""

from lintkit.docgen.site import main

raise SystemExit(main())
