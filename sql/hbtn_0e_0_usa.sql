-- The five states, for steps 0 to 3.
-- Load it with:  mysql -u root -p < sql/hbtn_0e_0_usa.sql
-- It drops and re-creates hbtn_0e_0_usa, so loading it again starts over.
DROP DATABASE IF EXISTS hbtn_0e_0_usa;
CREATE DATABASE hbtn_0e_0_usa CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
USE hbtn_0e_0_usa;

CREATE TABLE states (
    id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name VARCHAR(256) NOT NULL
);
INSERT INTO states (name) VALUES
    ('California'), ('Arizona'), ('Texas'), ('New York'), ('Nevada');
