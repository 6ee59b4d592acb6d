// Runs the migration gate's handlers the way the CDK Provider framework does (onEvent once, then isComplete
// until it completes or throws) against fake @aws-sdk clients: a small world of ECS tasks and RDS snapshots
// that move on as they are polled. Usage: node harness.js <gate.js> '<scenario json>'; prints one JSON line.
// Scenario: { "check": exit code of the --check task or null (no check configured), "run": exit code of the run }.
const Module = require('module');

const scenario = JSON.parse(process.argv[3]);
const calls = [];
const tasks = new Map(); // arn -> { startedBy, command, polls, exitCode }
const snapshots = new Map(); // name -> { polls }
const POLLS_TO_STOP = 2;

function command(name) {
  return class { constructor(input) { this.input = input; this.name = name; } };
}

const ecsCommands = ['RunTaskCommand', 'DescribeTasksCommand', 'ListTasksCommand'];
const rdsCommands = ['CreateDBSnapshotCommand', 'DescribeDBSnapshotsCommand'];
const fakes = {
  '@aws-sdk/client-ecs': Object.fromEntries([['ECSClient', class { async send(c) { return ecs(c); } }], ...ecsCommands.map((n) => [n, command(n)])]),
  '@aws-sdk/client-rds': Object.fromEntries([['RDSClient', class { async send(c) { return rds(c); } }], ...rdsCommands.map((n) => [n, command(n)])]),
};
const load = Module._load;
Module._load = function (request, ...rest) { return fakes[request] || load.call(this, request, ...rest); };

function stopped(task) { return task.polls >= POLLS_TO_STOP; }

async function ecs(c) {
  const i = c.input;
  switch (c.name) {
    case 'RunTaskCommand': {
      const isCheck = !!(i.overrides && i.overrides.containerOverrides);
      const arn = `arn:aws:ecs:us-east-1:123456789012:task/cluster/${tasks.size + 1}`;
      tasks.set(arn, { startedBy: i.startedBy, polls: 0, exitCode: isCheck ? scenario.check : scenario.run });
      calls.push({ call: 'RunTask', startedBy: i.startedBy, command: isCheck ? i.overrides.containerOverrides[0].command : null });
      return { tasks: [{ taskArn: arn }], failures: [] };
    }
    case 'DescribeTasksCommand': {
      const task = tasks.get(i.tasks[0]);
      task.polls++;
      return { tasks: [{ lastStatus: stopped(task) ? 'STOPPED' : 'RUNNING', stoppedReason: stopped(task) ? 'Essential container in task exited' : undefined,
        containers: [{ name: 'migrations', exitCode: stopped(task) ? task.exitCode : undefined }] }] };
    }
    case 'ListTasksCommand': {
      const arns = [...tasks.entries()]
        .filter(([, t]) => t.startedBy === i.startedBy && (i.desiredStatus === 'STOPPED') === stopped(t))
        .map(([arn]) => arn);
      return { taskArns: arns };
    }
  }
  throw new Error('unexpected ECS call ' + c.name);
}

async function rds(c) {
  const i = c.input;
  switch (c.name) {
    case 'CreateDBSnapshotCommand':
      calls.push({ call: 'CreateDBSnapshot', instance: i.DBInstanceIdentifier, snapshot: i.DBSnapshotIdentifier });
      snapshots.set(i.DBSnapshotIdentifier, { polls: 0 });
      return {};
    case 'DescribeDBSnapshotsCommand': {
      const s = snapshots.get(i.DBSnapshotIdentifier);
      if (!s) throw Object.assign(new Error(`DBSnapshot ${i.DBSnapshotIdentifier} not found`), { name: 'DBSnapshotNotFoundFault' });
      s.polls++;
      return { DBSnapshots: [{ DBSnapshotIdentifier: i.DBSnapshotIdentifier, Status: s.polls > POLLS_TO_STOP ? 'available' : 'creating' }] };
    }
  }
  throw new Error('unexpected RDS call ' + c.name);
}

(async () => {
  const gate = require(process.argv[2]);
  const event = {
    RequestType: 'Create',
    RequestId: '8c1f2a44-1b2c-4d5e-9f00-1234567890ab',
    ResourceProperties: {
      Cluster: 'cluster', TaskDefinition: 'td:1', Container: 'migrations', Subnets: ['s1'], SecurityGroups: ['sg1'],
      LogGroup: '/meal-planner/production/migrations', ImageTag: 'abc123',
      ...(scenario.check === null ? {} : { CheckCommand: '--check', SnapshotPrefix: 'meal-planner-production-pre-migration', DbInstanceIdentifier: 'meal-planner-production-db' }),
    },
  };
  let result = { data: null, error: null };
  try {
    const started = await gate.onEvent(event);
    const pollEvent = { ...event, ...started };
    for (let poll = 0; poll < 50; poll++) {
      const done = await gate.isComplete(pollEvent);
      if (done.IsComplete) { result.data = { ...(started.Data || {}), ...(done.Data || {}) }; break; }
    }
    if (!result.data) result.error = 'never completed';
  } catch (e) {
    result.error = e.message;
  }
  process.stdout.write(JSON.stringify({ ...result, calls }) + '\n');
})();
