#pragma once

#include "designer/palette/OperationMatcher.h"

#include <QStringList>
#include <QWidget>

class QFrame;
class QLineEdit;
class QListWidget;
class QListWidgetItem;

namespace engine {
class Catalogue;
}

namespace designer {

// The operation search: a field with a popup list under it (connector icon,
// operation name, one-line description; triggers and actions in two groups).
// The list follows what is typed, the best match is preselected so Enter
// takes it; arrows move, Esc closes. Ranking is OperationMatcher's.
class OperationSearch : public QWidget
{
    Q_OBJECT
public:
    explicit OperationSearch(const engine::Catalogue& catalogue, QWidget* parent = nullptr);
    ~OperationSearch() override;

    // Triggers first while the workflow has none, actions first after.
    void setTriggersFirst(bool triggersFirst);
    bool triggersFirst() const { return m_triggersFirst; }

    QLineEdit* lineEdit() const { return m_edit; }
    QListWidget* list() const { return m_list; }
    bool isPopupVisible() const;
    // The operation Enter would take now; empty when none.
    QString currentOperationId() const;
    // The operations listed, top to bottom (group headers left out).
    QStringList shownOperationIds() const;

public Q_SLOTS:
    // Focus the field, select what is in it and show the list (Ctrl+F).
    void activate();
    void hidePopup();

Q_SIGNALS:
    void operationChosen(const QString& operationId);
    // Esc in the field with the list closed: the person gave up.
    void cancelled();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void refresh();
    void showPopup();
    void positionPopup();
    void moveSelection(int delta);
    void chooseCurrent();
    void chooseItem(QListWidgetItem* item);
    bool handleKey(int key);

    const engine::Catalogue& m_catalogue;
    OperationMatcher m_matcher;
    bool m_triggersFirst = true;
    QLineEdit* m_edit = nullptr;
    QFrame* m_popup = nullptr;
    QListWidget* m_list = nullptr;
};

} // namespace designer
