/**
 * The rubric grammar as a Chevrotain CstParser. One instance is reused for
 * every parse (Chevrotain's recommended pattern); `input` resets its state.
 * The CST typings in cst.ts are generated from this grammar by
 * `pnpm --filter @kaohe/rules-dsl gen:cst`.
 */
import { CstParser } from "chevrotain";
import * as T from "./tokens.ts";

/**
 * Defined (true) in the built programs by scripts/build.mjs. They skip Chevrotain's grammar validation, a
 * third of building the parser at every start; the grammar is the same one the tests, run from these
 * sources, build with validation on.
 */
declare const KAOHE_BUILT: boolean | undefined;

class RubricParser extends CstParser {
  constructor() {
    super(T.allTokens, { recoveryEnabled: true, maxLookahead: 3, nodeLocationTracking: "full", skipValidations: typeof KAOHE_BUILT === "boolean" });
    this.performSelfAnalysis();
  }

  rubric = this.RULE("rubric", () => {
    this.OPTION(() => this.SUBRULE(this.header));
    this.MANY(() => this.SUBRULE(this.declaration));
  });

  header = this.RULE("header", () => {
    this.CONSUME(T.RubricKw);
    this.CONSUME(T.StringLiteral, { LABEL: "name" });
    this.CONSUME(T.VersionKw);
    this.OR([{ ALT: () => this.CONSUME2(T.StringLiteral, { LABEL: "version" }) }, { ALT: () => this.CONSUME(T.NumberLiteral, { LABEL: "version" }) }]);
    this.OPTION(() => this.CONSUME(T.ExampleKw));
    this.OPTION2(() => {
      this.CONSUME(T.DocumentKw);
      this.CONSUME3(T.StringLiteral, { LABEL: "document" });
    });
    this.CONSUME(T.InKw);
    this.CONSUME(T.ForceKw);
    this.CONSUME(T.FromKw);
    this.CONSUME(T.DateLiteral, { LABEL: "from" });
    this.OPTION3(() => {
      this.CONSUME(T.UntilKw);
      this.CONSUME2(T.DateLiteral, { LABEL: "until" });
    });
  });

  declaration = this.RULE("declaration", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.categoryDecl) },
      { ALT: () => this.SUBRULE(this.sourcesDecl) },
      { ALT: () => this.SUBRULE(this.eventDecl) },
      { ALT: () => this.SUBRULE(this.factDecl) },
      { ALT: () => this.SUBRULE(this.recordBlock) },
      { ALT: () => this.SUBRULE(this.assessedAt) },
      { ALT: () => this.SUBRULE(this.populationDecl) },
      { ALT: () => this.SUBRULE(this.measureDecl) },
      { ALT: () => this.SUBRULE(this.rateDecl) },
      { ALT: () => this.SUBRULE(this.valueDecl) },
      { ALT: () => this.SUBRULE(this.assessmentDecl) },
      { ALT: () => this.SUBRULE(this.rankingDecl) },
    ]);
    this.OPTION(() => this.CONSUME(T.Semicolon));
  });

  categoryDecl = this.RULE("categoryDecl", () => {
    this.CONSUME(T.CategoryKw);
    this.CONSUME(T.Identifier, { LABEL: "name" });
    this.OPTION(() => this.CONSUME(T.StringLiteral, { LABEL: "label" }));
  });

  /** `sources "省热线", "市中心", …`: the order sources (来源) the rubric knows */
  sourcesDecl = this.RULE("sourcesDecl", () => {
    this.CONSUME(T.SourcesKw);
    // the first value apart: a statement that stops short says what it lacks, at its line
    this.CONSUME(T.StringLiteral, { LABEL: "values" });
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.CONSUME2(T.StringLiteral, { LABEL: "values" });
    });
  });

  eventDecl = this.RULE("eventDecl", () => {
    this.CONSUME(T.EventKw);
    this.CONSUME(T.Identifier, { LABEL: "name" });
    this.OPTION(() => this.CONSUME(T.StringLiteral, { LABEL: "label" }));
    this.CONSUME(T.PointsKw);
    this.OR([{ ALT: () => this.CONSUME(T.NumberLiteral, { LABEL: "points" }) }, { ALT: () => this.CONSUME(T.RecordedKw) }]);
  });

  factDecl = this.RULE("factDecl", () => {
    this.CONSUME(T.FactKw);
    this.CONSUME(T.Identifier, { LABEL: "name" });
    this.OPTION(() => this.CONSUME(T.StringLiteral, { LABEL: "label" }));
    this.OR([{ ALT: () => this.CONSUME(T.YesNoKw, { LABEL: "type" }) }, { ALT: () => this.CONSUME(T.NumberKw, { LABEL: "type" }) }]);
    // `monthly` followed by a name begins an assessment (`monthly 月度 {` on the next line), not this fact's months:
    // a fact declared without `when missing` just above the monthly assessment was an error in a file with none
    this.OPTION3({ GATE: () => this.LA(2).tokenType !== T.Identifier, DEF: () => this.CONSUME(T.MonthlyKw, { LABEL: "monthly" }) });
    this.OPTION2(() => {
      this.CONSUME(T.WhenKw);
      this.CONSUME(T.MissingKw);
      this.SUBRULE(this.expression, { LABEL: "whenMissing" });
    });
  });

  recordBlock = this.RULE("recordBlock", () => {
    this.OR([{ ALT: () => this.CONSUME(T.OrdersKw, { LABEL: "record" }) }, { ALT: () => this.CONSUME(T.EventsKw, { LABEL: "record" }) }]);
    this.CONSUME(T.LCurly);
    this.MANY(() => {
      this.OR2([{ ALT: () => this.SUBRULE(this.attributeDecl) }, { ALT: () => this.SUBRULE(this.fieldDecl) }]);
      this.OPTION(() => this.CONSUME(T.Semicolon));
    });
    this.CONSUME(T.RCurly);
  });

  attributeDecl = this.RULE("attributeDecl", () => {
    this.CONSUME(T.AttributeKw);
    this.CONSUME(T.Identifier, { LABEL: "name" });
    this.OPTION(() => this.CONSUME(T.StringLiteral, { LABEL: "label" }));
    this.OR([
      { ALT: () => this.CONSUME(T.NumberKw, { LABEL: "type" }) },
      { ALT: () => this.CONSUME(T.TextKw, { LABEL: "type" }) },
      { ALT: () => this.CONSUME(T.YesNoKw, { LABEL: "type" }) },
      { ALT: () => this.CONSUME(T.DateTimeKw, { LABEL: "type" }) },
    ]);
  });

  fieldDecl = this.RULE("fieldDecl", () => {
    this.CONSUME(T.FieldKw);
    this.CONSUME(T.Identifier, { LABEL: "name" });
    this.OPTION(() => this.CONSUME(T.StringLiteral, { LABEL: "label" }));
    this.CONSUME(T.Equals);
    this.SUBRULE(this.expression);
  });

  assessedAt = this.RULE("assessedAt", () => {
    this.CONSUME(T.AssessedKw);
    this.CONSUME(T.AtKw);
    this.OR2([
      {
        ALT: () => {
          this.CONSUME(T.EndKw);
          this.CONSUME(T.OfKw);
          this.OR([
            { ALT: () => this.CONSUME(T.PeriodKw) },
            {
              ALT: () => {
                this.CONSUME(T.NextKw);
                this.CONSUME(T.MonthKw);
              },
            },
          ]);
        },
      },
      {
        // `assessed at day 5 of next month` (考核截至次月 5 日): 数据统计截至次月5日
        ALT: () => {
          this.CONSUME(T.DayKw);
          this.CONSUME(T.NumberLiteral, { LABEL: "day" });
          this.CONSUME2(T.OfKw);
          this.CONSUME2(T.NextKw);
          this.CONSUME2(T.MonthKw);
        },
      },
    ]);
  });

  populationDecl = this.RULE("populationDecl", () => {
    this.CONSUME(T.PopulationKw);
    this.CONSUME(T.Identifier, { LABEL: "name" });
    this.OPTION(() => this.CONSUME(T.StringLiteral, { LABEL: "label" }));
    this.CONSUME(T.Equals);
    this.OR([{ ALT: () => this.CONSUME(T.OrdersKw, { LABEL: "record" }) }, { ALT: () => this.CONSUME(T.EventsKw, { LABEL: "record" }) }]);
    this.OPTION2(() => {
      this.CONSUME(T.WhereKw);
      this.SUBRULE(this.expression, { LABEL: "where" });
    });
  });

  measureDecl = this.RULE("measureDecl", () => {
    this.CONSUME(T.MeasureKw);
    this.CONSUME(T.Identifier, { LABEL: "name" });
    this.OPTION(() => this.CONSUME(T.StringLiteral, { LABEL: "label" }));
    this.CONSUME(T.Equals);
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.CountKw, { LABEL: "aggregate" });
          this.CONSUME2(T.Identifier, { LABEL: "population" });
        },
      },
      {
        ALT: () => {
          this.OR2([{ ALT: () => this.CONSUME(T.SumKw, { LABEL: "aggregate" }) }, { ALT: () => this.CONSUME(T.AvgKw, { LABEL: "aggregate" }) }]);
          this.CONSUME3(T.Identifier, { LABEL: "population" });
          this.CONSUME(T.OfKw);
          this.SUBRULE(this.expression, { LABEL: "of" });
        },
      },
    ]);
    this.OPTION2(() => {
      this.CONSUME(T.WhereKw);
      this.SUBRULE2(this.expression, { LABEL: "where" });
    });
  });

  rateDecl = this.RULE("rateDecl", () => {
    this.CONSUME(T.RateKw);
    this.CONSUME(T.Identifier, { LABEL: "name" });
    this.OPTION(() => this.CONSUME(T.StringLiteral, { LABEL: "label" }));
    this.CONSUME(T.Equals);
    this.SUBRULE(this.expression, { LABEL: "ratio" });
    this.CONSUME(T.Comma);
    this.CONSUME(T.WhenKw);
    this.CONSUME(T.ZeroKw);
    this.OPTION2(() => this.CONSUME(T.Colon));
    // a value, or `not applicable` (an expression too: primary)
    this.SUBRULE2(this.expression, { LABEL: "whenZero" });
    this.OPTION3(() => this.CONSUME2(T.StringLiteral, { LABEL: "reason" }));
  });

  valueDecl = this.RULE("valueDecl", () => {
    this.CONSUME(T.ValueKw);
    this.CONSUME(T.Identifier, { LABEL: "name" });
    this.OPTION(() => this.CONSUME(T.StringLiteral, { LABEL: "label" }));
    this.CONSUME(T.Equals);
    this.SUBRULE(this.expression);
  });

  assessmentDecl = this.RULE("assessmentDecl", () => {
    this.OR([{ ALT: () => this.CONSUME(T.MonthlyKw, { LABEL: "schedule" }) }, { ALT: () => this.CONSUME(T.YearlyKw, { LABEL: "schedule" }) }]);
    this.CONSUME(T.Identifier, { LABEL: "name" });
    this.OPTION(() => this.CONSUME(T.StringLiteral, { LABEL: "label" }));
    this.CONSUME(T.LCurly);
    this.MANY(() => {
      this.OR2([
        { ALT: () => this.SUBRULE(this.windowDecl) },
        { ALT: () => this.SUBRULE(this.itemDecl) },
        { ALT: () => this.SUBRULE(this.sectionDecl) },
        { ALT: () => this.SUBRULE(this.totalDecl) },
        { ALT: () => this.SUBRULE(this.rescaleDecl) },
        { ALT: () => this.SUBRULE(this.bandDecl) },
        { ALT: () => this.SUBRULE(this.vetoDecl) },
        { ALT: () => this.SUBRULE(this.sanctionDecl) },
        { ALT: () => this.SUBRULE(this.reportDecl) },
      ]);
      this.OPTION2(() => this.CONSUME(T.Semicolon));
    });
    this.CONSUME(T.RCurly);
  });

  windowDecl = this.RULE("windowDecl", () => {
    this.CONSUME(T.WindowKw);
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.MonthKw);
          this.OPTION(() => {
            this.CONSUME(T.FromKw);
            this.CONSUME(T.DayKw);
            this.CONSUME(T.NumberLiteral, { LABEL: "startDay" });
          });
          this.OPTION3(() => this.SUBRULE(this.timeOfDay, { LABEL: "startTime" }));
        },
      },
      { ALT: () => this.CONSUME(T.QuarterKw) },
      {
        ALT: () => {
          this.CONSUME(T.HalfKw);
          this.CONSUME2(T.YearKw);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.YearKw);
          this.OPTION2(() => {
            this.CONSUME(T.ToKw);
            this.CONSUME(T.DateKw);
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME2(T.FromKw);
          this.SUBRULE(this.windowDate, { LABEL: "rangeFrom" });
          this.CONSUME2(T.ToKw);
          this.SUBRULE2(this.windowDate, { LABEL: "rangeTo" });
        },
      },
    ]);
  });

  /** `2018-11-15`, or `11-15` for every year */
  windowDate = this.RULE("windowDate", () => {
    this.OR([
      { ALT: () => this.CONSUME(T.DateLiteral, { LABEL: "date" }) },
      {
        ALT: () => {
          this.CONSUME(T.NumberLiteral, { LABEL: "month" });
          this.CONSUME(T.Minus);
          this.CONSUME2(T.NumberLiteral, { LABEL: "day" });
        },
      },
    ]);
  });

  /** `at 12:00` */
  timeOfDay = this.RULE("timeOfDay", () => {
    this.CONSUME(T.AtKw);
    this.CONSUME(T.NumberLiteral, { LABEL: "hour" });
    this.CONSUME(T.Colon);
    this.CONSUME2(T.NumberLiteral, { LABEL: "minute" });
  });

  itemCode = this.RULE("itemCode", () => {
    this.OR([{ ALT: () => this.CONSUME(T.Identifier, { LABEL: "code" }) }, { ALT: () => this.CONSUME(T.NumberLiteral, { LABEL: "code" }) }]);
  });

  categoryFilter = this.RULE("categoryFilter", () => {
    this.CONSUME(T.ForKw);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.CONSUME(T.Identifier, { LABEL: "categories" }) });
  });

  itemDecl = this.RULE("itemDecl", () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.ItemKw);
          this.SUBRULE(this.itemCode);
          this.OPTION(() => this.CONSUME(T.StringLiteral, { LABEL: "label" }));
          this.CONSUME(T.NumberLiteral, { LABEL: "points" });
          this.CONSUME(T.PointsKw);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.BonusKw);
          this.SUBRULE2(this.itemCode);
          this.OPTION2(() => this.CONSUME2(T.StringLiteral, { LABEL: "label" }));
          this.CONSUME(T.UpKw);
          this.CONSUME(T.ToKw);
          this.CONSUME2(T.NumberLiteral, { LABEL: "points" });
          // 最多 5 分: the regulations' own words (fmt writes the cap without it)
          this.OPTION5(() => this.CONSUME2(T.PointsKw));
        },
      },
    ]);
    this.OPTION8(() => this.SUBRULE(this.categoryFilter));
    this.OR2([
      {
        ALT: () => {
          this.CONSUME(T.Equals);
          this.SUBRULE(this.expression, { LABEL: "formula" });
          this.OPTION3(() => {
            this.CONSUME(T.AtKw);
            this.CONSUME(T.LeastKw);
            this.SUBRULE2(this.expression, { LABEL: "atLeast" });
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.LCurly);
          this.MANY(() => {
            this.SUBRULE(this.itemStatement);
            this.OPTION4(() => this.CONSUME(T.Semicolon));
          });
          this.CONSUME(T.RCurly);
        },
      },
    ]);
  });

  itemStatement = this.RULE("itemStatement", () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.BaseKw);
          this.SUBRULE(this.expression, { LABEL: "base" });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.WeightKw);
          this.SUBRULE2(this.expression, { LABEL: "weight" });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.AtKw);
          this.CONSUME(T.LeastKw);
          this.SUBRULE3(this.expression, { LABEL: "atLeast" });
        },
      },
      { ALT: () => this.SUBRULE(this.adjustment) },
    ]);
  });

  adjustment = this.RULE("adjustment", () => {
    this.OR([{ ALT: () => this.CONSUME(T.DeductKw, { LABEL: "direction" }) }, { ALT: () => this.CONSUME(T.AddKw, { LABEL: "direction" }) }]);
    this.OPTION(() => {
      this.OR2([
        { ALT: () => this.CONSUME(T.RecordedKw) },
        {
          ALT: () => {
            this.SUBRULE(this.expression, { LABEL: "amount" });
            // `扣 5 分 每 行政不作为`: the unit after the amount, optional (fmt writes it in Chinese only)
            this.OPTION3(() => this.CONSUME(T.PointsKw));
          },
        },
      ]);
    });
    // neither `per` nor `if`: the amount itself (`deduct 0.5 × 超期件数`)
    this.OPTION4(() =>
      this.OR3([
        {
          ALT: () => {
            this.CONSUME(T.PerKw);
            this.CONSUME(T.Identifier, { LABEL: "per" });
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.IfKw);
            this.SUBRULE2(this.expression, { LABEL: "condition" });
          },
        },
      ]),
    );
    this.OPTION2(() => this.CONSUME(T.ContinuingKw));
  });

  sectionDecl = this.RULE("sectionDecl", () => {
    this.CONSUME(T.SectionKw);
    this.SUBRULE(this.itemCode);
    this.OPTION(() => this.CONSUME(T.StringLiteral, { LABEL: "label" }));
    this.OPTION2(() => {
      this.CONSUME(T.NumberLiteral, { LABEL: "points" });
      this.CONSUME(T.PointsKw);
    });
    this.OPTION3(() => {
      this.CONSUME(T.UpKw);
      this.CONSUME(T.ToKw);
      this.CONSUME2(T.NumberLiteral, { LABEL: "cap" });
      this.OPTION5(() => this.CONSUME2(T.PointsKw));
    });
    this.OPTION8(() => this.SUBRULE(this.categoryFilter));
    this.CONSUME(T.LCurly);
    this.MANY(() => {
      this.SUBRULE(this.itemDecl);
      this.OPTION4(() => this.CONSUME(T.Semicolon));
    });
    this.CONSUME(T.RCurly);
  });

  totalDecl = this.RULE("totalDecl", () => {
    this.CONSUME(T.TotalKw);
    this.CONSUME(T.Equals);
    this.SUBRULE(this.expression);
  });

  rescaleDecl = this.RULE("rescaleDecl", () => {
    this.CONSUME(T.RescaleKw);
    this.CONSUME(T.ToKw);
    this.SUBRULE(this.expression, { LABEL: "to" });
  });

  bandDecl = this.RULE("bandDecl", () => {
    this.CONSUME(T.BandKw);
    this.CONSUME(T.Identifier, { LABEL: "name" });
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.AtKw);
          this.CONSUME(T.LeastKw);
          this.SUBRULE(this.expression, { LABEL: "atLeast" });
        },
      },
      {
        // `band 优秀 if 名次 <= ceil(参评单位数 × 20%)`: by rank (前 20% 为优秀), decided after ranking
        ALT: () => {
          this.CONSUME(T.IfKw);
          this.SUBRULE2(this.expression, { LABEL: "condition" });
        },
      },
      { ALT: () => this.CONSUME(T.OtherwiseKw) },
    ]);
  });

  vetoDecl = this.RULE("vetoDecl", () => {
    this.CONSUME(T.VetoKw);
    this.CONSUME(T.StringLiteral, { LABEL: "label" });
    this.CONSUME(T.IfKw);
    this.SUBRULE(this.expression, { LABEL: "condition" });
    // then band 不合格 | then last | then zero, or several joined by and (then band 不合格 and last)
    this.OPTION(() => {
      this.CONSUME(T.ThenKw);
      this.SUBRULE(this.vetoOutcome);
      this.MANY(() => {
        this.CONSUME(T.AndKw);
        this.SUBRULE2(this.vetoOutcome);
      });
    });
  });

  vetoOutcome = this.RULE("vetoOutcome", () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.BandKw);
          this.CONSUME(T.Identifier, { LABEL: "band" });
        },
      },
      { ALT: () => this.CONSUME(T.LastKw) },
      { ALT: () => this.CONSUME(T.ZeroKw) },
    ]);
  });

  sanctionDecl = this.RULE("sanctionDecl", () => {
    this.CONSUME(T.SanctionKw);
    this.CONSUME(T.Identifier, { LABEL: "name" });
    this.OPTION(() => this.CONSUME(T.StringLiteral, { LABEL: "label" }));
    this.CONSUME(T.IfKw);
    this.SUBRULE(this.expression, { LABEL: "condition" });
  });

  /** `report 满意率` or `report 回访率 "回访率（只通报）" = 回访数 / 工单数`: shown beside the score, not scored */
  reportDecl = this.RULE("reportDecl", () => {
    this.CONSUME(T.ReportKw);
    this.CONSUME(T.Identifier, { LABEL: "name" });
    this.OPTION(() => this.CONSUME(T.StringLiteral, { LABEL: "label" }));
    this.OPTION2(() => {
      this.CONSUME(T.Equals);
      this.SUBRULE(this.expression, { LABEL: "expr" });
    });
  });

  rankingDecl = this.RULE("rankingDecl", () => {
    this.CONSUME(T.RankingKw);
    this.CONSUME(T.LCurly);
    this.MANY(() => {
      this.SUBRULE(this.rankingStatement);
      this.OPTION(() => this.CONSUME(T.Semicolon));
    });
    this.CONSUME(T.RCurly);
  });

  rankingStatement = this.RULE("rankingStatement", () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.MonthlyKw);
          this.CONSUME(T.Identifier, { LABEL: "monthly" });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.YearlyKw);
          this.CONSUME2(T.Identifier, { LABEL: "yearly" });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.WithinKw);
          this.OR2([
            {
              ALT: () => {
                this.CONSUME(T.CategoryKw, { LABEL: "within" });
                this.OPTION6(() => this.SUBRULE(this.forYearly, { LABEL: "withinForYearly" }));
              },
            },
            {
              ALT: () => {
                this.CONSUME(T.AllKw, { LABEL: "within" });
                this.OPTION7(() => this.SUBRULE2(this.forYearly, { LABEL: "withinForYearly" }));
              },
            },
            {
              ALT: () => {
                this.CONSUME(T.GroupsKw, { LABEL: "within" });
                // `within groups for yearly { … }`: the year's groups (by the year's volume), beside the month's
                this.OPTION8(() => this.SUBRULE3(this.forYearly, { LABEL: "withinForYearly" }));
                this.CONSUME(T.LCurly);
                this.MANY(() => {
                  this.SUBRULE(this.groupDecl);
                  this.OPTION(() => this.CONSUME(T.Semicolon));
                });
                this.CONSUME(T.RCurly);
              },
            },
          ]);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.VolumeKw);
          this.CONSUME3(T.Identifier, { LABEL: "volume" });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.OrderKw);
          this.CONSUME(T.ByKw);
          this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.orderKey) });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.TiesKw);
          this.OR3([
            { ALT: () => this.CONSUME(T.SharedKw, { LABEL: "ties" }) },
            {
              ALT: () => {
                this.CONSUME2(T.ByKw);
                this.CONSUME(T.UnitKw);
                this.CONSUME(T.CodeKw, { LABEL: "ties" });
              },
            },
          ]);
        },
      },
      {
        // `round 2 decimals` (round is a name elsewhere: the function round()), or `承办量不足 10 件的不排名` as
        // policy texts say `minimum volume 10` (fmt writes that); the words after its number, on its line, are
        // one name, checked in cst-to-ast.ts
        ALT: () => {
          const word = this.CONSUME4(T.Identifier, { LABEL: "word" });
          this.CONSUME(T.NumberLiteral, { LABEL: "wordNumber" });
          this.OR4([
            { ALT: () => this.CONSUME(T.DecimalsKw) },
            {
              GATE: () => word.image === T.MinimumVolumeWording.head,
              ALT: () => {
                this.OPTION2({
                  GATE: () => this.LA(1).tokenType === T.Identifier && this.LA(1).startLine === this.LA(0).endLine,
                  DEF: () => this.CONSUME6(T.Identifier, { LABEL: "minimumWordingTail" }),
                });
                this.OPTION3(() => this.SUBRULE2(this.categoryFilter, { LABEL: "minimumFor" }));
              },
            },
          ]);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.MinimumKw);
          this.CONSUME2(T.VolumeKw);
          this.CONSUME2(T.NumberLiteral, { LABEL: "minimumVolume" });
          // `minimum volume 10 for 县直部门`: for some categories or groups only
          this.OPTION5(() => this.SUBRULE(this.categoryFilter, { LABEL: "minimumFor" }));
        },
      },
    ]);
  });

  /** `for yearly`: a ranking statement that holds when a year is scored */
  forYearly = this.RULE("forYearly", () => {
    this.CONSUME(T.ForKw);
    this.CONSUME(T.YearlyKw);
  });

  groupDecl = this.RULE("groupDecl", () => {
    this.CONSUME(T.Identifier, { LABEL: "name" });
    this.OPTION(() => this.CONSUME(T.StringLiteral, { LABEL: "label" }));
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.IfKw);
          this.SUBRULE(this.expression, { LABEL: "condition" });
        },
      },
      { ALT: () => this.CONSUME(T.OtherwiseKw) },
    ]);
  });

  orderKey = this.RULE("orderKey", () => {
    this.OR([
      { ALT: () => this.CONSUME(T.ScoreKw, { LABEL: "key" }) },
      { ALT: () => this.CONSUME(T.VolumeKw, { LABEL: "key" }) },
      { ALT: () => this.CONSUME(T.Identifier, { LABEL: "key" }) },
    ]);
    this.OPTION(() => this.OR2([{ ALT: () => this.CONSUME(T.AscKw, { LABEL: "direction" }) }, { ALT: () => this.CONSUME(T.DescKw, { LABEL: "direction" }) }]));
  });

  // ------------------------------------------------------------ expressions

  expression = this.RULE("expression", () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.IfKw);
          this.SUBRULE(this.expression, { LABEL: "test" });
          this.CONSUME(T.ThenKw);
          this.SUBRULE2(this.expression, { LABEL: "then" });
          this.CONSUME(T.ElseKw);
          this.SUBRULE3(this.expression, { LABEL: "otherwise" });
        },
      },
      { ALT: () => this.SUBRULE(this.orExpression) },
    ]);
  });

  orExpression = this.RULE("orExpression", () => {
    this.SUBRULE(this.andExpression, { LABEL: "operands" });
    this.MANY(() => {
      this.CONSUME(T.OrKw);
      this.SUBRULE2(this.andExpression, { LABEL: "operands" });
    });
  });

  andExpression = this.RULE("andExpression", () => {
    this.SUBRULE(this.notExpression, { LABEL: "operands" });
    this.MANY(() => {
      this.CONSUME(T.AndKw);
      this.SUBRULE2(this.notExpression, { LABEL: "operands" });
    });
  });

  notExpression = this.RULE("notExpression", () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.NotKw);
          this.SUBRULE(this.notExpression);
        },
      },
      { ALT: () => this.SUBRULE(this.comparison) },
    ]);
  });

  comparison = this.RULE("comparison", () => {
    this.SUBRULE(this.coalesceExpression, { LABEL: "left" });
    this.OPTION(() => {
      this.OR([
        {
          ALT: () => {
            this.OR2([
              { ALT: () => this.CONSUME(T.Equals, { LABEL: "op" }) },
              { ALT: () => this.CONSUME(T.NotEq, { LABEL: "op" }) },
              { ALT: () => this.CONSUME(T.Less, { LABEL: "op" }) },
              { ALT: () => this.CONSUME(T.LessEq, { LABEL: "op" }) },
              { ALT: () => this.CONSUME(T.Greater, { LABEL: "op" }) },
              { ALT: () => this.CONSUME(T.GreaterEq, { LABEL: "op" }) },
            ]);
            this.SUBRULE2(this.coalesceExpression, { LABEL: "right" });
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.IsKw);
            this.OPTION2(() => this.CONSUME(T.NotKw, { LABEL: "negated" }));
            this.CONSUME(T.MissingKw);
          },
        },
        {
          ALT: () => {
            this.OPTION3(() => this.CONSUME2(T.NotKw, { LABEL: "negated" }));
            this.CONSUME(T.InKw);
            this.OR3([
              {
                ALT: () => {
                  this.OPTION4(() => this.CONSUME(T.PreviousKw, { LABEL: "previousPeriod" }));
                  this.CONSUME(T.PeriodKw);
                },
              },
              {
                ALT: () => {
                  this.CONSUME(T.LBracket);
                  this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.expression, { LABEL: "items" }) });
                  this.CONSUME(T.RBracket);
                },
              },
            ]);
          },
        },
      ]);
    });
  });

  coalesceExpression = this.RULE("coalesceExpression", () => {
    this.SUBRULE(this.additive, { LABEL: "operands" });
    this.MANY(() => {
      this.CONSUME(T.Coalesce);
      this.SUBRULE2(this.additive, { LABEL: "operands" });
    });
  });

  additive = this.RULE("additive", () => {
    this.SUBRULE(this.multiplicative, { LABEL: "operands" });
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(T.Plus, { LABEL: "ops" }) }, { ALT: () => this.CONSUME(T.Minus, { LABEL: "ops" }) }]);
      this.SUBRULE2(this.multiplicative, { LABEL: "operands" });
    });
  });

  multiplicative = this.RULE("multiplicative", () => {
    this.SUBRULE(this.unary, { LABEL: "operands" });
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(T.Times, { LABEL: "ops" }) }, { ALT: () => this.CONSUME(T.Divide, { LABEL: "ops" }) }]);
      this.SUBRULE2(this.unary, { LABEL: "operands" });
    });
  });

  unary = this.RULE("unary", () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Minus);
          this.SUBRULE(this.unary);
        },
      },
      { ALT: () => this.SUBRULE(this.primary) },
    ]);
  });

  primary = this.RULE("primary", () => {
    this.OR([
      { ALT: () => this.CONSUME(T.NumberLiteral, { LABEL: "number" }) },
      { ALT: () => this.CONSUME(T.PercentLiteral, { LABEL: "percent" }) },
      { ALT: () => this.CONSUME(T.StringLiteral, { LABEL: "string" }) },
      { ALT: () => this.CONSUME(T.DateLiteral, { LABEL: "date" }) },
      { ALT: () => this.CONSUME(T.TrueKw, { LABEL: "bool" }) },
      { ALT: () => this.CONSUME(T.FalseKw, { LABEL: "bool" }) },
      {
        // `not applicable` (不适用): told from `not x` by the word after it
        ALT: () => {
          this.CONSUME(T.NotKw, { LABEL: "notApplicable" });
          this.CONSUME(T.ApplicableKw);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Identifier, { LABEL: "name" });
          this.OPTION(() => {
            this.CONSUME(T.LParen, { LABEL: "call" });
            this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.argument) });
            this.CONSUME(T.RParen);
          });
        },
      },
      {
        // `previous(名次)`: a unit's value in the period before; a name only, as the value is looked up, not computed again
        ALT: () => {
          this.CONSUME(T.PreviousKw, { LABEL: "previous" });
          this.CONSUME3(T.LParen);
          this.CONSUME2(T.Identifier, { LABEL: "previousOf" });
          this.CONSUME3(T.RParen);
        },
      },
      {
        ALT: () => {
          this.CONSUME2(T.LParen);
          this.SUBRULE(this.expression, { LABEL: "inner" });
          this.CONSUME2(T.RParen);
        },
      },
    ]);
  });

  argument = this.RULE("argument", () => {
    this.OPTION(() => {
      this.CONSUME(T.Identifier, { LABEL: "name" });
      this.CONSUME(T.Colon);
    });
    this.SUBRULE(this.expression, { LABEL: "value" });
  });
}

/** The one parser instance. */
export const rubricParser = new RubricParser();
