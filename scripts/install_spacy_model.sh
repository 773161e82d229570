#!/usr/bin/env bash
# Install the spaCy pipeline nb_core_news_sm: from a local wheel when one is given
# (this build environment cannot reach spaCy's model host), else from spaCy's release URL.
# When neither works, warn and succeed: the pipeline then runs on a blank `nb` pipeline.
set -u
PIP=${PIP:-pip}
if [ -n "${SHARED_WHEEL:-}" ] && [ -f "$SHARED_WHEEL" ]; then
  if "$PIP" install --quiet "$SHARED_WHEEL"; then
    echo "nb_core_news_sm installert fra $SHARED_WHEEL"; exit 0
  fi
fi
if [ -n "${SPACY_MODEL_URL:-}" ] && "$PIP" install --quiet --timeout 30 "$SPACY_MODEL_URL" 2>/dev/null; then
  echo "nb_core_news_sm installert fra $SPACY_MODEL_URL"; exit 0
fi
cat >&2 <<MSG
ADVARSEL: spaCy-modellen nb_core_news_sm kunne ikke installeres.
  Pipelinen kjører likevel, men med en enklere norsk pipeline (spacy.blank("nb") med
  setningsdeler og simplemma-lemmatisering): ingen navnegjenkjenning (NER), så
  navn fanges bare av mønstre og signaturregler. Installer modellen senere med
    $PIP install $SPACY_MODEL_URL
  og kjør 'dvc repro' på nytt. Hvilken NLP-motor som ble brukt står i reports/metrics.json.
MSG
exit 0
