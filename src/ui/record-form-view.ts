/**
 * The form of one record kind (new or edited): its fields from the kind's form data, field-level errors, the
 * place (record-place.ts), photos. Validation is the store's (records-repo.ts → validate-record.ts); the
 * form only marks what it refused. Photos are resized before anything is written, so an unreadable photo
 * stops the save with nothing stored.
 */
import type { PointAnswer } from '../geo/classify-point.ts';
import {
  type Author,
  type FieldRecord,
  type RecordKind,
  type RecordLocation,
  toSavedAnswer,
} from '../records/record.ts';
import type { RecordsDatabase } from '../store/records-db.ts';
import { addPhoto, createRecord, RecordValidationError, updateRecord } from '../store/records-repo.ts';
import { el, replaceChildren } from './dom.ts';
import { L, problemText } from './i18n.ts';
import { recordReasonWords } from './reason-words.ts';
import { FORMS, fieldsToForm, formToFields } from './record-forms.ts';
import { type PlaceDeps, placeField } from './record-place.ts';

/** What the form needs. */
export interface RecordFormDeps extends PlaceDeps {
  db: RecordsDatabase;
  author: () => Author;
  /** Says what happened (saved, refused). */
  say: (text: string) => void;
  /** After a save. */
  saved: () => Promise<void>;
  /** After the edit is cancelled or saved (the view goes back to a new record). */
  done: () => void;
}

/** Renders the form for `kind` (or for editing `editing`, at its place) into `box`, a new record at the
 *  place `carried` over from the last form when there is one. Returns a disposer. */
export function renderRecordForm(
  box: HTMLElement,
  kind: RecordKind,
  editing: FieldRecord | null,
  carried: RecordLocation | null,
  deps: RecordFormDeps,
): () => void {
  const { lang } = deps;
  const place = placeField(deps, editing?.location ?? carried);
  const inputs = FORMS[kind].map((spec) => {
    const id = `field-${spec.name}`;
    let input: HTMLElement;
    if (spec.type === 'select') {
      input = el('select', { id, name: spec.name });
      for (const c of spec.choices ?? []) input.append(el('option', { value: c.value }, c[lang]));
    } else if (spec.type === 'textarea') input = el('textarea', { id, name: spec.name, rows: '3' });
    else input = el('input', { id, name: spec.name, type: spec.type === 'list' ? 'text' : spec.type });
    return el(
      'div',
      { class: 'field' },
      el('label', { for: id }, `${spec.label[lang]}${spec.required ? ' *' : ''}`),
      input,
      el('span', { class: 'field-error', id: `${id}-error`, role: 'alert' }),
    );
  });
  const save = el(
    'button',
    { type: 'submit', class: 'primary', 'data-testid': 'save-record' },
    editing ? L(lang, '保存修改', 'Save changes') : L(lang, '保存记录', 'Save record'),
  );
  const photos = el(
    'div',
    { class: 'field' },
    el('label', { for: 'field-photos' }, L(lang, '照片（拍照或选择文件）', 'Photos (camera or files)')),
    el('input', {
      id: 'field-photos',
      name: 'photos',
      type: 'file',
      accept: 'image/*',
      capture: 'environment',
      multiple: '',
    }),
  );
  const cancel = el(
    'button',
    { type: 'button', class: 'secondary', 'data-testid': 'cancel-edit' },
    L(lang, '取消修改', 'Cancel'),
  );
  cancel.addEventListener('click', () => deps.done());
  const form = el(
    'form',
    { novalidate: '', 'data-testid': 'record-form' },
    place.element,
    ...inputs,
    photos,
    save,
    editing ? cancel : null,
  );
  if (editing) {
    const values = fieldsToForm(kind, editing.fields as unknown as Record<string, unknown>);
    for (const [name, value] of Object.entries(values)) {
      const input = form.querySelector(`#field-${CSS.escape(name)}`) as HTMLInputElement | null;
      if (input) input.value = value;
    }
  }
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (save.disabled) return;
    // One save at a time: a second tap while saving must not submit a half-cleared form.
    save.disabled = true;
    void submit().finally(() => {
      save.disabled = false;
    });
  });

  const submit = async () => {
    for (const e of form.querySelectorAll('.field-error')) e.textContent = '';
    for (const e of form.querySelectorAll('[aria-invalid]')) e.removeAttribute('aria-invalid');
    const where = place.value();
    if (!where) {
      const text = L(
        lang,
        '未保存：请先给出位置（GPS、地图点选或输入坐标）',
        'Not saved: give the place first (GPS, a map tap or coordinates)',
      );
      place.error(text);
      deps.say(text);
      place.element.scrollIntoView({ block: 'nearest' });
      return;
    }
    const data = new FormData(form);
    const files = data.getAll('photos').filter((f): f is File => f instanceof File && f.size > 0);
    data.delete('photos');
    const values = Object.fromEntries([...data.entries()].map(([k, v]) => [k, String(v)]));
    const author = deps.author();
    try {
      const { resizePhoto } = await import('./resize-photo.ts');
      const resized = await Promise.all(files.map((f) => resizePhoto(f)));
      const moved = editing !== null && (where.lng !== editing.location.lng || where.lat !== editing.location.lat);
      const zoneAnswer = toSavedAnswer(deps.classify(where.lng, where.lat, where.accuracyM) as PointAnswer | null);
      if (editing) {
        const updated = await updateRecord(
          deps.db,
          editing.id,
          { fields: formToFields(kind, values), ...(moved ? { location: where } : {}) },
          { author, zoneAnswer: moved ? zoneAnswer : editing.zoneAnswer },
        );
        for (const photo of resized)
          await addPhoto(deps.db, updated.id, photo, { author, zoneAnswer: updated.zoneAnswer });
        deps.say(L(lang, '已保存修改', 'Changes saved'));
        deps.done();
        await deps.saved();
        return;
      }
      const record = await createRecord(
        deps.db,
        { kind, location: where, fields: formToFields(kind, values) as never },
        { author, zoneAnswer },
      );
      for (const photo of resized) await addPhoto(deps.db, record.id, photo, { author, zoneAnswer: record.zoneAnswer });
      // The fields are cleared for the next record; the place stays (the next shop is usually next door).
      for (const input of form.querySelectorAll<HTMLInputElement>('.field input, .field textarea')) input.value = '';
      for (const select of form.querySelectorAll<HTMLSelectElement>('.field select')) select.selectedIndex = 0;
      deps.say(L(lang, '已保存', 'Saved'));
      await deps.saved();
    } catch (error) {
      if (!(error instanceof RecordValidationError)) {
        deps.say(problemText(lang, error as Error));
        return;
      }
      let text = L(lang, '未保存：请改正标出的项目', 'Not saved: correct the marked fields');
      for (const e of error.errors) {
        const name = e.path
          .replace(/^fields\./, '')
          .replace('contact.phone', 'contactPhone')
          .replace('contact.name', 'contactName');
        const target = name.startsWith('location') ? 'place' : name;
        const errorBox = form.querySelector(`#field-${CSS.escape(target)}-error`);
        form.querySelector(`#field-${CSS.escape(target)}`)?.setAttribute('aria-invalid', 'true');
        if (errorBox) errorBox.textContent = recordReasonWords(e, lang);
        else text += ` · ${recordReasonWords(e, lang)}`;
      }
      deps.say(text);
    }
  };
  replaceChildren(box, form);
  return place.dispose;
}
