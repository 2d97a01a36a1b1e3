DROP TABLE jobs;
DROP FUNCTION jobs_skills_text(text[], text[]);
DROP FUNCTION jobs_query_term(text, integer, text);
