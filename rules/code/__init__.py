"""Rules on the code behind workflows, in every language lintkit reads (CD...)."""
