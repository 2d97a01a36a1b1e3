DROP TABLE jobs;
DROP FUNCTION jobs_skills_text(text[], text[]);
