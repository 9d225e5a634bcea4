-- The five states and their fifteen cities, for steps 4 and 5.
-- Load it with:  mysql -u root -p < sql/hbtn_0e_4_usa.sql
-- It drops and re-creates hbtn_0e_4_usa, so loading it again starts over.
DROP DATABASE IF EXISTS hbtn_0e_4_usa;
CREATE DATABASE hbtn_0e_4_usa CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
USE hbtn_0e_4_usa;

CREATE TABLE states (
    id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name VARCHAR(256) NOT NULL
);
CREATE TABLE cities (
    id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    state_id INT NOT NULL,
    name VARCHAR(256) NOT NULL,
    FOREIGN KEY (state_id) REFERENCES states(id)
);
INSERT INTO states (name) VALUES
    ('California'), ('Arizona'), ('Texas'), ('New York'), ('Nevada');
INSERT INTO cities (state_id, name) VALUES
    (1, 'San Francisco'), (1, 'San Jose'), (1, 'Los Angeles'), (1, 'Fremont'),
    (1, 'Livermore'), (2, 'Page'), (2, 'Phoenix'), (3, 'Dallas'),
    (3, 'Houston'), (3, 'Austin'), (4, 'New York'), (5, 'Las Vegas'),
    (5, 'Reno'), (5, 'Henderson'), (5, 'Carson City');
