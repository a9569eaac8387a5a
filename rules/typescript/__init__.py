"""Rules about TypeScript and JavaScript files themselves (TS...)."""
