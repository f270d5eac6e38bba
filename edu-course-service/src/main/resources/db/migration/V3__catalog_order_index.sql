-- edu-course-service schema, version 3. Portable SQL (H2 2.3 default mode and PostgreSQL 15).

-- Serves the catalog page order: GET /api/courses (ORDER BY title, id LIMIT/OFFSET), so an unfiltered
-- page reads the first rows of this index instead of sorting every course.
CREATE INDEX idx_courses_title_id ON courses (title, id);

-- The other reads are served by primary keys:
--   enrollments (user_id, course_id): a learner's enrollments (WHERE user_id = ?) and the enrollment check;
--   lesson_progress (user_id, course_id, lesson_id): a learner's progress in a course;
--   course_tags (course_id, tag): the tags of a page's courses (WHERE course_id IN (...));
--   lessons (course_id, id): a course's lesson count and the lesson check of a progress update.
