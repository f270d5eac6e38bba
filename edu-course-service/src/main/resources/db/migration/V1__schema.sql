-- edu-course-service schema, version 1.
-- Portable SQL: runs unchanged on H2 2.3 (default mode) and PostgreSQL 15.

CREATE TABLE courses (
    id          VARCHAR(64)   PRIMARY KEY,
    title       VARCHAR(120)  NOT NULL,
    summary     VARCHAR(2000) NOT NULL,
    level       VARCHAR(16)   NOT NULL CHECK (level IN ('beginner', 'intermediate', 'advanced')),
    owner_id    VARCHAR(64)   NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE course_tags (
    course_id   VARCHAR(64)   NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
    tag         VARCHAR(32)   NOT NULL,
    PRIMARY KEY (course_id, tag)
);

CREATE TABLE lessons (
    id                VARCHAR(64)  NOT NULL,
    course_id         VARCHAR(64)  NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
    position          INT          NOT NULL,
    title             VARCHAR(160) NOT NULL,
    duration_minutes  INT          NOT NULL CHECK (duration_minutes > 0),
    PRIMARY KEY (course_id, id)
);

CREATE TABLE enrollments (
    user_id      VARCHAR(64)  NOT NULL,
    course_id    VARCHAR(64)  NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
    enrolled_at  TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (user_id, course_id)
);

CREATE TABLE lesson_progress (
    user_id       VARCHAR(64)  NOT NULL,
    course_id     VARCHAR(64)  NOT NULL,
    lesson_id     VARCHAR(64)  NOT NULL,
    completed_at  TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (user_id, course_id, lesson_id)
);

-- Serves the catalog filter by level: GET /api/courses?level=...
CREATE INDEX idx_courses_level ON courses (level);

-- Serves the catalog filter by tag: GET /api/courses?tag=... (lookup of course ids by tag)
CREATE INDEX idx_course_tags_tag ON course_tags (tag);

-- Serves the lesson list of a course in order: GET /api/courses/{id} (ORDER BY position)
CREATE INDEX idx_lessons_course_position ON lessons (course_id, position);
