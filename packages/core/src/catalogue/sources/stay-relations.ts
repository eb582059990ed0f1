/**
 * NPR stays as fact rows, and the relations built on them (index stays for readmission and
 * follow-up), shared by the stay sources of the catalogue.
 */

/** Columns of the stay fact relations that definitions may name. */
export const STAY_COLUMNS = [
  'acute',
  'care_level',
  'sector',
  'main_icd10',
  'died',
  'length_of_stay_days',
  'discharge_ready_days',
] as const;

/** Stays with their first episode's district; age = year − birth year (year of discharge). */
export const STAY_SQL = `SELECT s.person_id, 'npr' AS id_space, s.year, s.municipality_code, e.district_code, s.sex,
    s.year - s.birth_year AS age, 1 AS w, s.acute, s.care_level, s.sector, s.main_icd10, s.died,
    s.length_of_stay_days,
    CASE WHEN s.discharge_ready_at IS NOT NULL AND s.discharged_at IS NOT NULL
      THEN greatest(0, date_diff('day', CAST(s.discharge_ready_at AS DATE), CAST(s.discharged_at AS DATE))) END AS discharge_ready_days,
    s.admitted_at, s.discharged_at
  FROM hospital_stay s LEFT JOIN specialist_episode e ON e.episode_id = s.first_episode_id`;

export const NPR_REPORTING = `SELECT DISTINCT year, CAST(NULL AS VARCHAR) AS municipality_code FROM specialist_episode`;

/**
 * Index stays for readmission and follow-up: somatic inpatient stays discharged alive (with a
 * discharge time). `readmitted`: the same person has a new acute somatic inpatient stay admitted
 * more than 8 hours and at most 30 days (720 hours) after this discharge. Stays admitted within
 * 8 hours are already merged into one stay by the 8-hour rule (hospital_stay), so "more than 8
 * hours" is the boundary. Any cause, any hospital.
 */
export const INDEX_SQL = `SELECT s.*, EXISTS (
      SELECT 1 FROM hospital_stay r
      WHERE r.person_id = s.person_id AND r.acute AND r.care_level = 'inpatient' AND r.sector = 'somatic'
        AND r.admitted_at > s.discharged_at + INTERVAL 8 HOUR
        AND r.admitted_at <= s.discharged_at + INTERVAL 30 DAY) AS readmitted
  FROM (${STAY_SQL}) s
  WHERE s.care_level = 'inpatient' AND s.sector = 'somatic' AND NOT s.died AND s.discharged_at IS NOT NULL`;
