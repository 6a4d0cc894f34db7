#pragma once

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace designer {

class WorkflowDocument;

// The code view: the workflow definition as formatted JSON, editable. Apply
// replaces the definition as one undo step; text that is not valid JSON is
// reported with its line and column and never applied.
class CodeView : public QWidget
{
    Q_OBJECT
public:
    explicit CodeView(WorkflowDocument* document, QWidget* parent = nullptr);

    QPlainTextEdit* editor() const { return m_editor; }
    QString statusText() const;
    // True while the text has edits not yet applied.
    bool hasPendingEdits() const { return m_pending; }

public Q_SLOTS:
    // Applies the text; false (and the reason shown) when it is not applied.
    bool apply();
    // Shows the document's current definition, dropping edits in the text.
    void reload();

Q_SIGNALS:
    void applied();

private:
    void showStatus(const QString& text, bool error);

    WorkflowDocument* m_document;
    QPlainTextEdit* m_editor;
    QPushButton* m_apply;
    QPushButton* m_reload;
    QLabel* m_status;
    bool m_pending = false;
    bool m_loading = false;
};

} // namespace designer
