DROP TABLE application_submissions;
DROP TABLE application_events;
DROP TABLE applications;
