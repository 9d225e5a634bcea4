-- Part 4's database: the task's five states and fifteen cities, plus what
-- the transaction lessons need: a visits counter on each state (the lost
-- update, the deadlock), a version number (step 14's optimistic
-- locking), a second Henderson (in Texas, so that moving
-- Nevada's cities there breaks the one-name-per-state rule half-way), and
-- that rule itself, the unique key state_city.  The unique key on a
-- state's name lets `UPDATE ... WHERE name = 'Texas'` lock that one row
-- (without an index it would lock every row it scanned: all of them).
-- Every step of this folder loads it again before it starts;
-- by hand:  mysql -u root -p < parts/4-transactions/hbtn_4_tx.sql
DROP DATABASE IF EXISTS hbtn_4_tx;
CREATE DATABASE hbtn_4_tx CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
USE hbtn_4_tx;

CREATE TABLE states (
    id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name VARCHAR(256) NOT NULL,
    visits INT NOT NULL DEFAULT 0,
    version INT NOT NULL DEFAULT 1,
    UNIQUE KEY state_name (name)
) ENGINE=InnoDB;
CREATE TABLE cities (
    id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    state_id INT NOT NULL,
    name VARCHAR(256) NOT NULL,
    UNIQUE KEY state_city (state_id, name),
    FOREIGN KEY (state_id) REFERENCES states(id)
) ENGINE=InnoDB;
INSERT INTO states (name) VALUES
    ('California'), ('Arizona'), ('Texas'), ('New York'), ('Nevada');
INSERT INTO cities (state_id, name) VALUES
    (1, 'San Francisco'), (1, 'San Jose'), (1, 'Los Angeles'), (1, 'Fremont'),
    (1, 'Livermore'), (2, 'Page'), (2, 'Phoenix'), (3, 'Dallas'),
    (3, 'Houston'), (3, 'Austin'), (4, 'New York'), (5, 'Las Vegas'),
    (5, 'Reno'), (5, 'Henderson'), (5, 'Carson City'), (3, 'Henderson');
