# mk/oracle.mk — the concurrency test and oracle (see mk/api.mk for the variables).
