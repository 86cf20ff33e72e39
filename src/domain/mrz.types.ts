/** The machine-readable zone, parsed, with every check digit reported. */
export interface MrzReading {
  readonly format: 'TD1' | 'TD2' | 'TD3' | 'MRVA' | 'MRVB';
  readonly lines: readonly string[];
  /** True when every check digit of the format verifies. */
  readonly valid: boolean;
  readonly checks: readonly { readonly field: string; readonly valid: boolean }[];
  readonly documentCode: string | null;
  readonly issuingState: string | null;
  readonly surname: string | null;
  readonly givenNames: string | null;
  readonly documentNumber: string | null;
  readonly nationality: string | null;
  /** ISO dates (YYYY-MM-DD) where they parse. */
  readonly birthDate: string | null;
  readonly expirationDate: string | null;
  readonly sex: string | null;
}
