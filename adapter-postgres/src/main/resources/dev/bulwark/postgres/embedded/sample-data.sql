-- Sample data of the embedded database (H2, used when no DATABASE_URL is set), so that a newcomer's first
-- execute_query finds rows. Made-up customers and orders in the schema "public", which the SQL tools may use by
-- default. Never run on PostgreSQL. The database lives in memory: the rows come back as they are here at every start.
CREATE TABLE public.sample_customers (
    id         INTEGER      NOT NULL,
    name       VARCHAR(100) NOT NULL,
    country    VARCHAR(2)   NOT NULL,
    joined_on  DATE         NOT NULL,
    CONSTRAINT sample_customers_pkey PRIMARY KEY (id)
);

CREATE TABLE public.sample_orders (
    id          INTEGER       NOT NULL,
    customer_id INTEGER       NOT NULL,
    ordered_on  DATE          NOT NULL,
    status      VARCHAR(20)   NOT NULL DEFAULT 'open',
    total       NUMERIC(10,2) NOT NULL,
    CONSTRAINT sample_orders_pkey PRIMARY KEY (id),
    CONSTRAINT sample_orders_customer_fk FOREIGN KEY (customer_id) REFERENCES public.sample_customers (id)
);

INSERT INTO public.sample_customers (id, name, country, joined_on) VALUES
    (1, 'Ada Lovelace', 'GB', DATE '2024-01-15'),
    (2, 'Grace Hopper', 'US', DATE '2024-02-03'),
    (3, 'Katherine Johnson', 'US', DATE '2024-03-21'),
    (4, 'Hedy Lamarr', 'AT', DATE '2024-05-09'),
    (5, 'Alan Turing', 'GB', DATE '2024-06-23');

INSERT INTO public.sample_orders (id, customer_id, ordered_on, status, total) VALUES
    (101, 1, DATE '2024-02-01', 'shipped', 120.00),
    (102, 1, DATE '2024-04-12', 'shipped', 35.50),
    (103, 2, DATE '2024-02-10', 'cancelled', 89.99),
    (104, 2, DATE '2024-07-30', 'open', 240.00),
    (105, 3, DATE '2024-04-02', 'shipped', 15.25),
    (106, 4, DATE '2024-06-18', 'open', 310.75),
    (107, 5, DATE '2024-07-01', 'shipped', 64.00),
    (108, 5, DATE '2024-08-14', 'open', 12.99);
