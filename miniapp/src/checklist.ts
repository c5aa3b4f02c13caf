// The citizen's document checklist: which documents they have ticked, per procedure and case.
// Kept on the device only (zustand persist over localStorage, which Zalo backs with nativeStorage).
import { create } from "zustand";
import { createJSONStorage, persist } from "zustand/middleware";

interface ChecklistState {
  ticked: Record<string, number[]>;
  toggle: (procedureId: number, caseId: number, documentId: number) => void;
  isTicked: (procedureId: number, caseId: number, documentId: number) => boolean;
  clear: (procedureId: number, caseId: number) => void;
}

export const checklistKey = (procedureId: number, caseId: number) => `${procedureId}:${caseId}`;

export const useChecklist = create<ChecklistState>()(
  persist(
    (set, get) => ({
      ticked: {},
      toggle: (procedureId, caseId, documentId) =>
        set((state) => {
          const key = checklistKey(procedureId, caseId);
          const current = state.ticked[key] ?? [];
          const next = current.includes(documentId) ? current.filter((d) => d !== documentId) : [...current, documentId];
          return { ticked: { ...state.ticked, [key]: next } };
        }),
      isTicked: (procedureId, caseId, documentId) => (get().ticked[checklistKey(procedureId, caseId)] ?? []).includes(documentId),
      clear: (procedureId, caseId) =>
        set((state) => {
          const ticked = { ...state.ticked };
          delete ticked[checklistKey(procedureId, caseId)];
          return { ticked };
        }),
    }),
    { name: "pz-checklist", storage: createJSONStorage(() => localStorage) },
  ),
);
