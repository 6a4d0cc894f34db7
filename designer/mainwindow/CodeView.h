#pragma once

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace designer {

class WorkflowDocument;

// The code view: the workflow definition as formatted JSON, editable. Apply
// replaces the definition as one undo step; text that is not valid JSON is
// reported with its line and column and never applied. The text is built
// only while the view is shown: formatting a large definition on every edit
// made by the canvas would cost each keystroke tens of milliseconds, so a
// hidden view just notes that it is out of date and catches up when shown.
// Its widgets are made on first use too (the editor's fixed-pitch font is
// not needed to show the window).
class CodeView : public QWidget
{
    Q_OBJECT
public:
    explicit CodeView(WorkflowDocument* document, QWidget* parent = nullptr);

    QPlainTextEdit* editor() const;
    QString statusText() const;
    // True while the text has edits not yet applied.
    bool hasPendingEdits() const { return m_pending; }
    // True while the text is behind the document (the view is hidden).
    bool isOutOfDate() const { return m_outOfDate; }

public Q_SLOTS:
    // Applies the text; false (and the reason shown) when it is not applied.
    bool apply();
    // Shows the document's current definition, dropping edits in the text.
    void reload();

Q_SIGNALS:
    void applied();

protected:
    void showEvent(QShowEvent* event) override;

private:
    void build();
    void documentChanged();
    void showStatus(const QString& text, bool error);

    WorkflowDocument* m_document;
    QPlainTextEdit* m_editor = nullptr;
    QPushButton* m_apply = nullptr;
    QPushButton* m_reload = nullptr;
    QLabel* m_status = nullptr;
    bool m_pending = false;
    bool m_loading = false;
    bool m_outOfDate = true;
};

} // namespace designer
