"""What every stage stands on, importing nothing of ours: the errors a user can fix and
their exit codes, text made safe for where it is written, the strict base of every schema
read from a user's file, the words of ratings (vocabulary), the formats commands write,
and lazily imported exports."""
