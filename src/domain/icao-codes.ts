/**
 * Three-letter codes an MRZ may carry as issuing state or nationality (ICAO 9303 Part 3): the ISO 3166-1
 * alpha-3 codes, ICAO's own (D for Germany, the British GBx codes, UN and stateless X codes, EUE, RKS), a
 * few withdrawn ones still on valid documents, and UTO, the specimen state of ICAO's examples. No check digit
 * covers these fields, so knowing which codes exist is the only way to tell a misread one ("OAN") from a real one.
 */
const CODES = `
AFG ALA ALB DZA ASM AND AGO AIA ATA ATG ARG ARM ABW AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BMU BTN BOL
BES BIH BWA BVT BRA IOT BRN BGR BFA BDI CPV KHM CMR CAN CYM CAF TCD CHL CHN CXR CCK COL COM COD COG COK CRI
CIV HRV CUB CUW CYP CZE DNK DJI DMA DOM ECU EGY SLV GNQ ERI EST SWZ ETH FLK FRO FJI FIN FRA GUF PYF ATF GAB
GMB GEO DEU GHA GIB GRC GRL GRD GLP GUM GTM GGY GIN GNB GUY HTI HMD VAT HND HKG HUN ISL IND IDN IRN IRQ IRL
IMN ISR ITA JAM JPN JEY JOR KAZ KEN KIR PRK KOR KWT KGZ LAO LVA LBN LSO LBR LBY LIE LTU LUX MAC MDG MWI MYS
MDV MLI MLT MHL MTQ MRT MUS MYT MEX FSM MDA MCO MNG MNE MSR MAR MOZ MMR NAM NRU NPL NLD NCL NZL NIC NER NGA
NIU NFK MKD MNP NOR OMN PAK PLW PSE PAN PNG PRY PER PHL PCN POL PRT PRI QAT REU ROU RUS RWA BLM SHN KNA LCA
MAF SPM VCT WSM SMR STP SAU SEN SRB SYC SLE SGP SXM SVK SVN SLB SOM ZAF SGS SSD ESP LKA SDN SUR SJM SWE CHE
SYR TWN TJK TZA THA TLS TGO TKL TON TTO TUN TUR TKM TCA TUV UGA UKR ARE GBR USA UMI URY UZB VUT VEN VNM VGB
VIR WLF ESH YEM ZMB ZWE
D<< GBD GBN GBO GBP GBS UNO UNA UNK XBA XIM XCC XCE XCO XEC XPO XES XMP XOM XDC XXA XXB XXC XXX EUE RKS
ANT NTZ UTO
`;

/** Every known code as it stands in the MRZ: three characters, a short code padded with `<` ("D<<"). */
export const ICAO_STATE_CODES: ReadonlySet<string> = new Set(CODES.split(/\s+/).filter((c) => c.length === 3));

/**
 * Codes of states that changed or ceased (West and East Germany, USSR, Yugoslavia, Czechoslovakia, Serbia and
 * Montenegro, Zaire, Burma, East Timor, Romania before 2002): no valid document carries them now, but old
 * specimens do. They make a reading plausible (mrz-form.ts) without being offered as corrections of a
 * misread code, as ICAO_STATE_CODES are (ROM must stay a misread of ROU).
 */
export const WITHDRAWN_STATE_CODES: ReadonlySet<string> = new Set(['BDR', 'DDR', 'SUN', 'YUG', 'CSK', 'SCG', 'ZAR', 'BUR', 'TMP', 'ROM']);
