-- The five states for steps 7 to 13, loaded once step 6 has created the table:
--   mysql -u root -p hbtn_0e_6_usa < sql/hbtn_0e_6_usa.states.sql
-- It empties the table first, so loading it again starts over (ids 1 to 5).
USE hbtn_0e_6_usa;
TRUNCATE TABLE states;
INSERT INTO states (name) VALUES
    ('California'), ('Arizona'), ('Texas'), ('New York'), ('Nevada');
