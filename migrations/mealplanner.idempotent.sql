CREATE TABLE IF NOT EXISTS __ef_migrations_history (
    migration_id character varying(150) NOT NULL,
    product_version character varying(32) NOT NULL,
    CONSTRAINT pk___ef_migrations_history PRIMARY KEY (migration_id)
);

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261125175522_CreateUsers') THEN
    CREATE TABLE users (
        id uuid NOT NULL DEFAULT (gen_random_uuid()),
        email character varying(255) NOT NULL,
        password_hash character varying(255) NOT NULL,
        name character varying(255) NOT NULL,
        role character varying(50) NOT NULL DEFAULT 'user',
        preferences jsonb NOT NULL DEFAULT ('{}'::jsonb),
        created_at timestamp with time zone NOT NULL DEFAULT (now()),
        updated_at timestamp with time zone NOT NULL DEFAULT (now()),
        deleted_at timestamp with time zone,
        CONSTRAINT users_pkey PRIMARY KEY (id),
        CONSTRAINT users_email_key UNIQUE (email)
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261125175522_CreateUsers') THEN
    CREATE INDEX idx_users_created_at ON users (created_at);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261125175522_CreateUsers') THEN
    CREATE INDEX idx_users_email ON users (email) WHERE deleted_at IS NULL;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261125175522_CreateUsers') THEN
    CREATE FUNCTION set_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        NEW.updated_at := now();
        RETURN NEW;
    END
    $$;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261125175522_CreateUsers') THEN
    CREATE TRIGGER trg_users_updated_at BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION set_updated_at();
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261125175522_CreateUsers') THEN
    INSERT INTO __ef_migrations_history (migration_id, product_version)
    VALUES ('20261125175522_CreateUsers', '10.0.15');
    END IF;
END $EF$;
COMMIT;

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261125175629_CreateRecipesAndMealPlans') THEN
    CREATE TABLE ingredients (
        id uuid NOT NULL DEFAULT (gen_random_uuid()),
        name character varying(100) NOT NULL,
        created_at timestamp with time zone NOT NULL DEFAULT (now()),
        updated_at timestamp with time zone NOT NULL DEFAULT (now()),
        CONSTRAINT ingredients_pkey PRIMARY KEY (id)
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261125175629_CreateRecipesAndMealPlans') THEN
    CREATE TABLE meal_plans (
        id uuid NOT NULL DEFAULT (gen_random_uuid()),
        user_id uuid NOT NULL,
        name character varying(255) NOT NULL,
        starts_on date NOT NULL,
        ends_on date NOT NULL,
        created_at timestamp with time zone NOT NULL DEFAULT (now()),
        updated_at timestamp with time zone NOT NULL DEFAULT (now()),
        deleted_at timestamp with time zone,
        CONSTRAINT meal_plans_pkey PRIMARY KEY (id),
        CONSTRAINT meal_plans_dates_check CHECK (ends_on >= starts_on),
        CONSTRAINT meal_plans_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261125175629_CreateRecipesAndMealPlans') THEN
    CREATE TABLE recipes (
        id uuid NOT NULL DEFAULT (gen_random_uuid()),
        author_id uuid,
        title character varying(200) NOT NULL,
        description text,
        instructions text NOT NULL,
        servings integer NOT NULL,
        prep_minutes integer NOT NULL DEFAULT 0,
        cook_minutes integer NOT NULL DEFAULT 0,
        calories_per_serving integer,
        protein_grams_per_serving numeric(6,1),
        carbohydrate_grams_per_serving numeric(6,1),
        fat_grams_per_serving numeric(6,1),
        image_key character varying(1024),
        tags text[] NOT NULL DEFAULT ('{}'::text[]),
        created_at timestamp with time zone NOT NULL DEFAULT (now()),
        updated_at timestamp with time zone NOT NULL DEFAULT (now()),
        deleted_at timestamp with time zone,
        CONSTRAINT recipes_pkey PRIMARY KEY (id),
        CONSTRAINT recipes_cook_minutes_check CHECK (cook_minutes >= 0),
        CONSTRAINT recipes_nutrition_check CHECK (calories_per_serving >= 0 AND protein_grams_per_serving >= 0 AND carbohydrate_grams_per_serving >= 0 AND fat_grams_per_serving >= 0),
        CONSTRAINT recipes_prep_minutes_check CHECK (prep_minutes >= 0),
        CONSTRAINT recipes_servings_check CHECK (servings > 0),
        CONSTRAINT recipes_author_id_fkey FOREIGN KEY (author_id) REFERENCES users (id) ON DELETE SET NULL
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261125175629_CreateRecipesAndMealPlans') THEN
    CREATE TABLE meal_plan_entries (
        id uuid NOT NULL DEFAULT (gen_random_uuid()),
        meal_plan_id uuid NOT NULL,
        recipe_id uuid NOT NULL,
        planned_on date NOT NULL,
        meal_type character varying(20) NOT NULL,
        servings integer NOT NULL DEFAULT 1,
        created_at timestamp with time zone NOT NULL DEFAULT (now()),
        updated_at timestamp with time zone NOT NULL DEFAULT (now()),
        CONSTRAINT meal_plan_entries_pkey PRIMARY KEY (id),
        CONSTRAINT meal_plan_entries_meal_type_check CHECK (meal_type IN ('breakfast', 'lunch', 'dinner', 'snack')),
        CONSTRAINT meal_plan_entries_servings_check CHECK (servings > 0),
        CONSTRAINT meal_plan_entries_meal_plan_id_fkey FOREIGN KEY (meal_plan_id) REFERENCES meal_plans (id) ON DELETE CASCADE,
        CONSTRAINT meal_plan_entries_recipe_id_fkey FOREIGN KEY (recipe_id) REFERENCES recipes (id) ON DELETE RESTRICT
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261125175629_CreateRecipesAndMealPlans') THEN
    CREATE TABLE recipe_ingredients (
        recipe_id uuid NOT NULL,
        ingredient_id uuid NOT NULL,
        quantity numeric(10,3) NOT NULL,
        unit character varying(30) NOT NULL,
        note character varying(255),
        position integer NOT NULL,
        CONSTRAINT recipe_ingredients_pkey PRIMARY KEY (recipe_id, ingredient_id),
        CONSTRAINT recipe_ingredients_position_check CHECK (position >= 0),
        CONSTRAINT recipe_ingredients_quantity_check CHECK (quantity > 0),
        CONSTRAINT recipe_ingredients_ingredient_id_fkey FOREIGN KEY (ingredient_id) REFERENCES ingredients (id) ON DELETE RESTRICT,
        CONSTRAINT recipe_ingredients_recipe_id_fkey FOREIGN KEY (recipe_id) REFERENCES recipes (id) ON DELETE CASCADE
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261125175629_CreateRecipesAndMealPlans') THEN
    CREATE UNIQUE INDEX ingredients_name_key ON ingredients (name);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261125175629_CreateRecipesAndMealPlans') THEN
    CREATE INDEX idx_meal_plan_entries_recipe_id ON meal_plan_entries (recipe_id);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261125175629_CreateRecipesAndMealPlans') THEN
    CREATE UNIQUE INDEX meal_plan_entries_slot_recipe_key ON meal_plan_entries (meal_plan_id, planned_on, meal_type, recipe_id);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261125175629_CreateRecipesAndMealPlans') THEN
    CREATE INDEX idx_meal_plans_user_id_starts_on ON meal_plans (user_id, starts_on) WHERE deleted_at IS NULL;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261125175629_CreateRecipesAndMealPlans') THEN
    CREATE INDEX idx_recipe_ingredients_ingredient_id ON recipe_ingredients (ingredient_id);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261125175629_CreateRecipesAndMealPlans') THEN
    CREATE INDEX idx_recipes_author_id ON recipes (author_id);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261125175629_CreateRecipesAndMealPlans') THEN
    CREATE INDEX idx_recipes_created_at ON recipes (created_at) WHERE deleted_at IS NULL;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261125175629_CreateRecipesAndMealPlans') THEN
    CREATE INDEX idx_recipes_tags ON recipes USING gin (tags);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261125175629_CreateRecipesAndMealPlans') THEN
    CREATE UNIQUE INDEX recipes_author_id_title_key ON recipes (author_id, title) WHERE deleted_at IS NULL;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261125175629_CreateRecipesAndMealPlans') THEN
    CREATE TRIGGER trg_ingredients_updated_at BEFORE UPDATE ON ingredients FOR EACH ROW EXECUTE FUNCTION set_updated_at();
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261125175629_CreateRecipesAndMealPlans') THEN
    CREATE TRIGGER trg_meal_plans_updated_at BEFORE UPDATE ON meal_plans FOR EACH ROW EXECUTE FUNCTION set_updated_at();
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261125175629_CreateRecipesAndMealPlans') THEN
    CREATE TRIGGER trg_recipes_updated_at BEFORE UPDATE ON recipes FOR EACH ROW EXECUTE FUNCTION set_updated_at();
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261125175629_CreateRecipesAndMealPlans') THEN
    CREATE TRIGGER trg_meal_plan_entries_updated_at BEFORE UPDATE ON meal_plan_entries FOR EACH ROW EXECUTE FUNCTION set_updated_at();
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261125175629_CreateRecipesAndMealPlans') THEN
    INSERT INTO __ef_migrations_history (migration_id, product_version)
    VALUES ('20261125175629_CreateRecipesAndMealPlans', '10.0.15');
    END IF;
END $EF$;
COMMIT;

