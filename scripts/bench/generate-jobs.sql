-- 100,000 generated jobs (5 % closed; titles, skills and descriptions drawn from small
-- vocabularies, so broad words match thousands of jobs) for the job search and load benchmarks
-- (scripts/bench-job-search.sh, scripts/bench/jobs-load.sh). Run on a database with the
-- migrations applied.
INSERT INTO jobs (id, source, external_id, title, company, description, required_skills,
    preferred_skills, location, remote, employment_type, experience_level, salary_min, salary_max,
    salary_currency, salary_interval, posted_at, apply_url, status)
SELECT gen_random_uuid(), 'bench', i::text,
  (ARRAY['Senior','Junior','Lead','Staff',''])[1 + i % 5] || ' '
    || (ARRAY['Data','Backend','Frontend','Sales','Marketing','Finance','Nursing','Warehouse',
              'Product','Design'])[1 + (i / 5) % 10] || ' '
    || (ARRAY['Engineer','Manager','Analyst','Specialist','Assistant','Director',
              'Coordinator'])[1 + (i / 50) % 7],
  'Acme ' || (i % 997),
  'We are hiring for our ' || (ARRAY['Berlin','London','Paris','Austin','Lisbon'])[1 + i % 5]
    || ' office. You will work with '
    || (ARRAY['Python','Rust','Java','Excel','Salesforce','Figma','SQL','Kubernetes','SAP',
              'Tableau'])[1 + (i / 3) % 10]
    || ' and ' || (ARRAY['AWS','Docker','HubSpot','Jira','PostgreSQL','React','QuickBooks','Epic',
                         'Forklift','Photoshop'])[1 + (i / 7) % 10]
    || ' every day, mentor colleagues, talk to customers and ship improvements. Benefits include'
    || ' remote days, training budget and health insurance. '
    || repeat('Our team values clear writing, ownership and kindness. ', 1 + i % 6),
  ARRAY[(ARRAY['Python','Rust','Java','Excel','Salesforce','Figma','SQL','Kubernetes','SAP',
               'Tableau'])[1 + (i / 3) % 10]],
  ARRAY[(ARRAY['AWS','Docker','HubSpot','Jira','PostgreSQL','React','QuickBooks','Epic',
               'Forklift','Photoshop'])[1 + (i / 7) % 10]],
  (ARRAY['Berlin, Germany','London, UK','Paris, France','Austin, USA','Lisbon, Portugal'])[1 + i % 5],
  (ARRAY['onsite','hybrid','remote'])[1 + i % 3],
  (ARRAY['full_time','part_time','contract'])[1 + i % 3],
  (ARRAY['entry','junior','mid','senior','lead','executive'])[1 + i % 6],
  -- Salaries scattered over the table (a multiplicative hash of i): rising with the insertion
  -- order, they would make the salary index look like a sequential read to the planner.
  CASE WHEN i % 4 = 0 THEN NULL ELSE 30000 + (i * 7919) % 90000 END,
  CASE WHEN i % 4 = 0 THEN NULL ELSE 40000 + (i * 7919) % 90000 + (i * 7919) % 10000 END,
  CASE WHEN i % 4 = 0 THEN NULL ELSE 'EUR' END,
  CASE WHEN i % 4 = 0 THEN NULL ELSE 'year' END,
  DATE '2026-11-27' - (i % 120), 'https://jobs.example.com/' || i,
  CASE WHEN i % 20 = 0 THEN 'closed' ELSE 'open' END
FROM generate_series(1, 100000) AS i;
VACUUM ANALYZE jobs;
