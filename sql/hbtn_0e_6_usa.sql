-- An empty database for steps 6 to 13: step 6 creates the states table.
-- Load it with:  mysql -u root -p < sql/hbtn_0e_6_usa.sql
-- It drops and re-creates hbtn_0e_6_usa, so loading it again starts over.
DROP DATABASE IF EXISTS hbtn_0e_6_usa;
CREATE DATABASE hbtn_0e_6_usa CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
USE hbtn_0e_6_usa;
