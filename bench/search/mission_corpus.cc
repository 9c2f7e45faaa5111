#include "bench/search/mission_corpus.h"

#include <optional>
#include <pqxx/pqxx>
#include <random>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace renfort::bench {
namespace {

struct Theme {
  const char* title;
  const char* activity;  // nullptr: none
  const char* domain;
  const char* description;
};

// What associations post most, in their words.
const Theme kThemes[] = {
    {"Bénévolat auprès des sans-abri", "maraude", "solidarity_insertion",
     "Participer aux maraudes du soir, distribuer des repas chauds et écouter les personnes à la "
     "rue."},
    {"Collecte alimentaire au supermarché", "collecte_alimentaire", "solidarity_insertion",
     "Accueillir les clients à l'entrée du magasin et trier les denrées collectées pour la banque "
     "alimentaire."},
    {"Distribution de colis alimentaires", "distribution_alimentaire", "solidarity_insertion",
     "Préparer et remettre les colis aux familles bénéficiaires, tenir le registre des passages."},
    {"Soutien scolaire pour collégiens", "soutien_scolaire", "education",
     "Aider des élèves de collège à faire leurs devoirs de mathématiques et de français."},
    {"Visites de convivialité aux personnes âgées", "visite_personnes_agees",
     "solidarity_insertion",
     "Rendre visite à des aînés isolés, partager un café, jouer aux cartes, rompre la solitude."},
    {"Lutte contre l'isolement des seniors", "lutte_contre_isolement", "solidarity_insertion",
     "Appeler chaque semaine des personnes âgées isolées et organiser des sorties."},
    {"Ateliers d'alphabétisation", "alphabetisation_fle", "education",
     "Animer des ateliers de français langue étrangère pour des adultes réfugiés."},
    {"Accompagnement au numérique", "accompagnement_numerique", "education",
     "Aider des personnes éloignées du numérique à faire leurs démarches en ligne."},
    {"Nettoyage des berges de la rivière", "nettoyage_espaces_naturels", "nature_protection",
     "Ramasser les déchets le long des berges et sensibiliser les promeneurs."},
    {"Jardin partagé du quartier", "jardin_partage", "nature_protection",
     "Entretenir le potager solidaire, semer, arroser et récolter avec les habitants."},
    {"Accueil lors de la collecte de sang", "collecte_de_sang", "health",
     "Accueillir les donneurs, servir la collation et veiller à leur confort après le don."},
    {"Poste de secours lors d'un festival", "poste_de_secours", "prevention_protection",
     "Renforcer l'équipe de secouristes pendant le festival d'été, titulaires du PSC1."},
    {"Encadrement d'activités sportives", "encadrement_sportif", "sport",
     "Encadrer des séances de football pour des enfants du quartier le mercredi."},
    {"Médiation culturelle au musée", "mediation_culturelle", "art_culture",
     "Accueillir les visiteurs et présenter les œuvres à des groupes scolaires."},
    {"Cérémonie du souvenir", "devoir_de_memoire", "memory_citizenship",
     "Aider à l'organisation de la cérémonie commémorative et accueillir le public."},
    {"Conseil en gestion pour une association", "conseil_associations", "skills_based",
     "Mettre vos compétences en comptabilité au service d'une petite association."},
    {"Communication et réseaux sociaux", "communication_associations", "skills_based",
     "Rédiger les publications et animer les réseaux sociaux d'une association locale."},
    {"Accueil de familles réfugiées", "accueil_refugies", "solidarity_insertion",
     "Accompagner des familles réfugiées dans leurs premières démarches et leur installation."},
    {"Aide aux démarches administratives", "accompagnement_administratif", "solidarity_insertion",
     "Aider les usagers à remplir leurs dossiers de logement et de droits sociaux."},
    {"Projet de solidarité internationale", "solidarite_internationale",
     "international_cooperation",
     "Préparer l'envoi de matériel scolaire vers des écoles partenaires."},
};

const char* kFormats[] = {"IN_PERSON", "IN_PERSON", "IN_PERSON", "HYBRID", "REMOTE"};

// A PostgreSQL array literal where nullopt is NULL.
std::string Array(const std::vector<std::optional<std::string>>& values) {
  std::string literal = "{";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) literal += ',';
    if (!values[i].has_value()) {
      literal += "NULL";
      continue;
    }
    literal += '"';
    for (char c : *values[i]) {
      if (c == '"' || c == '\\') literal += '\\';
      literal += c;
    }
    literal += '"';
  }
  return literal + "}";
}

std::string Uuid(std::mt19937_64& random) {
  const uint64_t high = random(), low = random();
  return absl::StrFormat("%08x-%04x-4%03x-%04x-%012x", high >> 32, (high >> 16) & 0xffff,
                         high & 0xfff, 0x8000 | (low >> 48 & 0x3fff), low & 0xffffffffffffULL);
}

std::string Day(absl::CivilDay day) {
  return absl::StrFormat("%04d-%02d-%02d", day.year(), day.month(), day.day());
}

// Columns of one batch, as text arrays for INSERT ... SELECT FROM unnest(...).
struct Columns {
  std::vector<std::vector<std::optional<std::string>>> values;
  explicit Columns(int count) : values(count) {}
  void Add(std::vector<std::optional<std::string>> row) {
    for (size_t i = 0; i < row.size(); ++i) values[i].push_back(std::move(row[i]));
  }
  size_t size() const { return values[0].size(); }
  void Clear() {
    for (auto& column : values) column.clear();
  }
};

constexpr char kInsertOrganisations[] = R"sql(
  INSERT INTO organisations (name, kind, address_line, commune_insee_code, department_code,
                             latitude, longitude, status, reviewed_at, reviewed_by)
  SELECT 'Association solidaire de ' || name, 'ASSOCIATION', name, insee_code, department_code,
         latitude, longitude, 'VALIDATED', now(), 'bench'
  FROM communes ORDER BY population DESC NULLS LAST, insee_code LIMIT $1)sql";

constexpr char kInsertMissions[] = R"sql(
  INSERT INTO missions (id, organisation_id, title, description, domain_slug, activity_slug,
                        format, department_code, schedule_kind, start_date, end_date, places,
                        places_held, open_to_minors, status, published_at, weekdays)
  SELECT u.id::uuid, u.organisation_id::uuid, u.title, u.description, u.domain, u.activity,
         u.format, u.department, u.kind, u.start_date::date, u.end_date::date,
         u.places::int, u.places_held::int, u.minors::boolean, 'PUBLISHED', now(),
         u.weekdays::smallint
  FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
              $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[],
              $14::text[], $15::text[])
    AS u(id, organisation_id, title, description, domain, activity, format, department, kind,
         start_date, end_date, places, places_held, minors, weekdays))sql";

constexpr char kInsertAddresses[] = R"sql(
  INSERT INTO mission_addresses (mission_id, position, label, commune_insee_code,
                                 department_code, latitude, longitude)
  SELECT u.mission::uuid, u.position::smallint, 'Lieu de la mission', u.commune, u.department,
         u.latitude::float8, u.longitude::float8
  FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
    AS u(mission, position, commune, department, latitude, longitude))sql";

constexpr char kInsertDatedSlots[] = R"sql(
  INSERT INTO mission_dated_slots (mission_id, starts_at, ends_at, local_date, start_minute,
                                   end_minute)
  SELECT u.mission::uuid,
         (u.day::date + u.start_minute::int * interval '1 minute') AT TIME ZONE d.time_zone,
         (u.day::date + u.end_minute::int * interval '1 minute') AT TIME ZONE d.time_zone,
         u.day::date, u.start_minute::smallint, u.end_minute::smallint
  FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])
    AS u(mission, department, day, start_minute, end_minute)
  JOIN departments d ON d.code = u.department)sql";

constexpr char kInsertWeeklySlots[] = R"sql(
  INSERT INTO mission_weekly_slots (mission_id, weekday, start_minute, end_minute)
  SELECT u.mission::uuid, u.weekday::smallint, u.start_minute::smallint, u.end_minute::smallint
  FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])
    AS u(mission, weekday, start_minute, end_minute))sql";

void Flush(pqxx::work& txn, const char* statement,
           const std::vector<std::vector<std::optional<std::string>>>& columns) {
  switch (columns.size()) {
    case 4:
      txn.exec_params(statement, Array(columns[0]), Array(columns[1]), Array(columns[2]),
                      Array(columns[3]));
      break;
    case 5:
      txn.exec_params(statement, Array(columns[0]), Array(columns[1]), Array(columns[2]),
                      Array(columns[3]), Array(columns[4]));
      break;
    case 6:
      txn.exec_params(statement, Array(columns[0]), Array(columns[1]), Array(columns[2]),
                      Array(columns[3]), Array(columns[4]), Array(columns[5]));
      break;
    case 15:
      txn.exec_params(statement, Array(columns[0]), Array(columns[1]), Array(columns[2]),
                      Array(columns[3]), Array(columns[4]), Array(columns[5]), Array(columns[6]),
                      Array(columns[7]), Array(columns[8]), Array(columns[9]), Array(columns[10]),
                      Array(columns[11]), Array(columns[12]), Array(columns[13]),
                      Array(columns[14]));
      break;
  }
}

}  // namespace

std::vector<WeightedCommune> ReadCommunes(pqxx::connection& connection) {
  pqxx::read_transaction txn(connection);
  std::vector<WeightedCommune> communes;
  for (const pqxx::row& row :
       txn.exec("SELECT insee_code, department_code, latitude, longitude, coalesce(population, 1) "
                "FROM communes ORDER BY insee_code")) {
    communes.push_back({row[0].as<std::string>(), row[1].as<std::string>(), row[2].as<double>(),
                        row[3].as<double>(), std::max<int64_t>(1, row[4].as<int64_t>())});
  }
  return communes;
}

absl::Status LoadCorpus(pqxx::connection& connection, const std::vector<WeightedCommune>& communes,
                        const CorpusOptions& options) {
  std::mt19937_64 random(options.seed);
  std::vector<double> weights;
  for (const WeightedCommune& commune : communes) weights.push_back(commune.population);
  std::discrete_distribution<size_t> pick_commune(weights.begin(), weights.end());

  pqxx::work txn(connection);
  txn.exec_params(kInsertOrganisations, options.organisations);
  std::vector<std::pair<std::string, std::string>> organisations;  // id, département
  for (const pqxx::row& row :
       txn.exec("SELECT id, department_code FROM organisations ORDER BY id")) {
    organisations.emplace_back(row[0].as<std::string>(), row[1].as<std::string>());
  }

  Columns missions(15), addresses(6), dated(5), weekly(4);
  std::uniform_real_distribution<double> unit(0, 1);
  for (int i = 0; i < options.missions; ++i) {
    const std::string id = Uuid(random);
    const Theme& theme = kThemes[random() % std::size(kThemes)];
    const std::string format = kFormats[random() % std::size(kFormats)];
    const WeightedCommune& commune = communes[pick_commune(random)];
    const auto& organisation = organisations[random() % organisations.size()];
    const std::string department =
        format == "REMOTE" ? organisation.second : commune.department_code;
    const bool recurring = unit(random) < 0.4;
    const absl::CivilDay start =
        options.today + static_cast<int>(random() % 300) - (recurring ? 60 : 0);
    std::optional<std::string> end;
    int weekdays = 0;
    if (recurring) {
      if (unit(random) < 0.8) end = Day(start + 60 + static_cast<int>(random() % 240));
      const int slots = 1 + random() % 2;
      for (int s = 0; s < slots; ++s) {
        const int begin = 8 * 60 + 60 * static_cast<int>(random() % 10);
        const int weekday = 1 + s * 3 + static_cast<int>(random() % 3);  // 1–3, then 4–6
        weekly.Add({id, absl::StrCat(weekday), absl::StrCat(begin), absl::StrCat(begin + 120)});
        weekdays |= 1 << (weekday - 1);
      }
    } else {
      const int slots = 1 + random() % 3;
      for (int s = 0; s < slots; ++s) {
        const int begin = 8 * 60 + 60 * static_cast<int>(random() % 10);
        dated.Add(
            {id, department, Day(start + 7 * s), absl::StrCat(begin), absl::StrCat(begin + 180)});
      }
      end = Day(start + 7 * (slots - 1));
    }
    const int places = 1 + random() % 20;
    const int held = unit(random) < 0.1 ? places : static_cast<int>(random() % places);
    missions.Add({id, organisation.first, absl::StrCat(theme.title, " — ", commune.insee_code),
                  theme.description, std::string(theme.domain), std::string(theme.activity), format,
                  department, recurring ? "RECURRING" : "ONE_OFF", Day(start), end,
                  absl::StrCat(places), absl::StrCat(held), unit(random) < 0.3 ? "true" : "false",
                  absl::StrCat(weekdays)});
    if (format != "REMOTE") {
      const int count = unit(random) < 0.1 ? 2 : 1;
      for (int a = 0; a < count; ++a) {
        addresses.Add({id, absl::StrCat(a), commune.insee_code, commune.department_code,
                       absl::StrCat(commune.latitude + (unit(random) - 0.5) * 0.02),
                       absl::StrCat(commune.longitude + (unit(random) - 0.5) * 0.02)});
      }
    }
    if (missions.size() == 5000 || i + 1 == options.missions) {
      Flush(txn, kInsertMissions, missions.values);
      if (addresses.size() > 0) Flush(txn, kInsertAddresses, addresses.values);
      if (dated.size() > 0) Flush(txn, kInsertDatedSlots, dated.values);
      if (weekly.size() > 0) Flush(txn, kInsertWeeklySlots, weekly.values);
      missions.Clear();
      addresses.Clear();
      dated.Clear();
      weekly.Clear();
    }
  }
  txn.commit();
  pqxx::nontransaction analyze(connection);
  analyze.exec("ANALYZE");
  return absl::OkStatus();
}

}  // namespace renfort::bench
