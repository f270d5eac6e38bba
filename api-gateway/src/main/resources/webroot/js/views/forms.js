// Field errors of a 400 problem ({errors:[{field,message}]}) keyed by field name.

/** {field: message} of an ApiError; several messages for one field are joined. */
export function fieldErrors(error) {
  const byField = {};
  for (const { field, message } of error.errors || []) {
    byField[field] = byField[field] ? `${byField[field]}; ${message}` : message;
  }
  return byField;
}

/** A readable label for a field path such as lessons[1].durationMinutes. */
export function fieldLabel(field) {
  const lesson = /^lessons\[(\d+)\](?:\.(\w+))?$/.exec(field);
  if (lesson) {
    const part = { title: 'title', durationMinutes: 'duration', id: 'id' }[lesson[2]] ?? '';
    return `Lesson ${Number(lesson[1]) + 1}${part ? ` ${part}` : ''}`;
  }
  const tag = /^tags\[(\d+)\]$/.exec(field);
  if (tag) return `Tag ${Number(tag[1]) + 1}`;
  return field.charAt(0).toUpperCase() + field.slice(1);
}
