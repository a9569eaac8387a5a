from lintkit.cli import main

raise SystemExit(main())
