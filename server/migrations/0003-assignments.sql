-- A resident's report (or any record) assigned by the bureau to an agency: that agency's phones pull it even
-- when their role would not (a report of burning assigned to the police), its contact still hidden from them.
ALTER TABLE records ADD COLUMN assigned_agency text REFERENCES agencies (id);
CREATE INDEX records_assigned_changed ON records (assigned_agency, changed_seq);
