-- An empty database for step 100, which creates both tables.
-- Load it with:  mysql -u root -p < sql/hbtn_0e_100_usa.sql
-- It drops and re-creates hbtn_0e_100_usa, so loading it again starts over.
DROP DATABASE IF EXISTS hbtn_0e_100_usa;
CREATE DATABASE hbtn_0e_100_usa CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
USE hbtn_0e_100_usa;
