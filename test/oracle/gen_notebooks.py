#!/usr/bin/python3
"""Oracle fixtures for the lecture notebooks (notebooks/src/*.ts): each lecture's Python cells, as the
lecture writes them, run with real PyTorch (and NLTK, scikit-learn, pandas for SST-2) with the
notebook's seeds, and what each checked cell shows. A cell's text is what Jupyter shows for it:
printed text, then `repr` of what it displays, one line each. Cells are named by the ids the
notebook sources give them (`// %% id="..."`).

Under "lecture", the fixture keeps the lectures' own printed outputs where a run cannot equal them
(unseeded training, a GPU, Lightning), read from the seed texts (lines listed in LECTURE_OUTPUTS).

Where a lecture uses numpy's generator (np.random.randn, np.random.shuffle), the notebook draws
from torch's generator instead, and so does this script (marked where it happens). Lightning,
torchmetrics and TensorBoard are not installed for this interpreter; their cells are checked
against the lecture's printed text by the test instead.

    /usr/bin/python3 test/oracle/gen_notebooks.py [lecture-prefix ...]   # e.g. 004; default all
"""
import contextlib
import io
import json
import os
import sys
from datetime import datetime
from pathlib import Path

import torch
import torch.nn as nn

root = Path(__file__).resolve().parent.parent.parent
out_file = root / "test" / "fixtures" / "notebooks.json"
SST2 = Path(os.environ.get("TORCHLAB_SST2_DIR", root.parent / "shared" / "data" / "sst2"))
SEEDS = Path(os.environ.get("TORCHLAB_SEEDS_DIR", root.parent / "shared" / "seeds"))

# The outputs the lectures print where a run cannot equal them (unseeded training, a GPU, Lightning):
# the seed texts' lines, kept verbatim for the test to compare accuracies and the model summary with.
LECTURE_OUTPUTS = {
    "000_sst2_logistic_regression": {"training": (505, 529), "regularized_training": (612, 655), "early_stopping": (701, 737)},
    "001_ffn_gpu": {"cuda_available": (222, 222), "numpy_error": (256, 256), "device_error": (265, 265),
                    "ffn_training": (453, 476), "lightning_fit": (654, 690)},
}


class Lecture:
    """The checked outputs of one notebook: cell id -> its text, or {"traces": [...]} for a figure's
    data, or {"displays": [...]} for the text of what a cell displays (when it also prints timings)."""

    def __init__(self):
        self.cells = {}
        self._buf = None

    @contextlib.contextmanager
    def cell(self, cid):
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            yield
        self.cells[cid] = buf.getvalue()

    def figure(self, cid, *axes):
        """A figure's data: per axes, the y values of each line in drawing order."""
        self.cells[cid] = {"traces": [[[float(v) for v in line] for line in ax] for ax in axes]}


def display(x):
    print(repr(x))


def lecture_004():
    L = Lecture()
    torch.manual_seed(1)
    a = torch.zeros(3, 2)
    b = a.cos_()
    c = a + b

    def same_storage(x, y):
        return x.storage().data_ptr() == y.storage().data_ptr()

    with L.cell("same_storage_ab"):
        print(same_storage(a, b))
    with L.cell("same_storage_ac"):
        print(same_storage(a, c))
    with L.cell("print_abc"):
        print("A: " + str(a) + "\n" + "B: " + str(b) + "\n" + "C: " + str(c))
    with L.cell("randint"):
        a = torch.randint(low=-99, high=100, size=(10, 10))
        print(a)
    with L.cell("quadrant_top_right"):
        d = a[0:int(a.shape[0] / 2), 5:10]
        print(d)
    with L.cell("quadrant_top_left"):
        print(a[0:int(a.shape[0] / 2), 0:int(a.shape[1] / 2)])
    with L.cell("column_three"):
        e = a[:, 3]
        i = e % 4 == 0
        h = e[i]
        print(e)
    with L.cell("multiples_of_4"):
        e = a[:, 3]
        h = e[e % 4 == 0]
        print(h)

    from torch.utils.data import Dataset, DataLoader, SubsetRandomSampler

    class LogisticRegression(nn.Module):
        def __init__(self, N):
            super().__init__()
            self.w = nn.Parameter(torch.ones(N))
            self.b = nn.Parameter(torch.zeros(1))

        def forward(self, x):
            return 1 / (1 + torch.exp(-(self.w @ x + self.b)))

    class TwoClassDataset(Dataset):
        def __init__(self, N, sigma):
            self.N = N
            self.sigma = sigma
            self.plus_class = self.sigma * torch.randn(N, 2) + torch.tensor([-1, 1])
            self.negative_class = self.sigma * torch.randn(N, 2) + torch.tensor([1, -1])
            self.data = torch.cat((self.plus_class, self.negative_class), dim=0)
            self.labels = torch.cat((torch.ones(self.N), torch.zeros(self.N)))

        def __len__(self):
            return len(self.labels)

        def __getitem__(self, idx):
            return self.data[idx], self.labels[idx]

    def model_accuracy(model, input_data, labels):
        predictions = model(input_data.unsqueeze(-1)).squeeze(-1)
        positive_preds = predictions >= 0.5
        negative_preds = predictions < 0.5
        return torch.sum(positive_preds * labels) + torch.sum(negative_preds * (1 - labels))

    N, sigma = 100, 1.5
    dataset = TwoClassDataset(N, sigma)
    N_train, N_val, N_test = 60, 20, 20
    indices = torch.randperm(len(dataset)).tolist()  # the lecture: np.arange + np.random.shuffle
    train_indices = indices[:N_train]
    val_indices = indices[N_train:N_train + N_val]
    test_indices = indices[N_train + N_val:]
    batch_size = 8
    train_loader = DataLoader(dataset, batch_size=batch_size, sampler=SubsetRandomSampler(train_indices))
    val_loader = DataLoader(dataset, batch_size=batch_size, sampler=SubsetRandomSampler(val_indices))
    test_loader = DataLoader(dataset, batch_size=batch_size, sampler=SubsetRandomSampler(test_indices))
    criterion = nn.BCELoss(reduction="mean")
    lr = 1e-2
    logreg_model = LogisticRegression(2)
    optimizer = torch.optim.SGD(logreg_model.parameters(), lr=lr, momentum=0.99, weight_decay=1e-3)
    n_epoch = 100
    loss_values, train_accuracies, val_accuracies = [], [], []
    for n in range(n_epoch):
        epoch_loss, epoch_acc = 0, 0
        for x_batch, y_batch in train_loader:
            optimizer.zero_grad()
            predictions = logreg_model(x_batch.unsqueeze(-1)).squeeze(-1)
            loss = criterion(predictions, y_batch)
            loss.backward()
            optimizer.step()
            epoch_loss += loss.item()
            epoch_acc += model_accuracy(logreg_model, x_batch, y_batch)
        loss_values.append(epoch_loss / len(train_loader))
        train_accuracies.append(epoch_acc / N_train)
        val_acc = 0
        for x_batch, y_batch in val_loader:
            with torch.no_grad():
                val_acc += model_accuracy(logreg_model, x_batch, y_batch)
        val_accuracies.append(val_acc / N_val)
    L.figure("training", [loss_values], [train_accuracies], [val_accuracies])
    return L


def sst2_frames():
    """SST-2 read with pandas, each sentence's tokens stemmed with NLTK (the lectures' preprocessing)."""
    import pandas as pd
    from nltk.stem import PorterStemmer
    train_df = pd.read_csv(SST2 / "train.tsv", sep="\t")
    dev_df = pd.read_csv(SST2 / "dev.tsv", sep="\t")
    stemmer = PorterStemmer()
    preprocess = lambda sentence: " ".join(stemmer.stem(token) for token in sentence.split())
    train_df["preprocessed"] = train_df["sentence"].map(preprocess)
    dev_df["preprocessed"] = dev_df["sentence"].map(preprocess)
    return train_df, dev_df


def sst2_dataset_class():
    import numpy as np
    from torch.utils.data import Dataset

    class SST2Dataset(Dataset):
        def __init__(self, labels=None, sparse_count_matrix=None):
            self.y = torch.tensor(labels, dtype=torch.int64)
            self.X = sparse_count_matrix

        def __len__(self):
            return self.y.shape[0]

        def __getitem__(self, idx):
            rdict = {
                'y': self.y[idx],
                'X': torch.Tensor(np.asarray(self.X[idx].todense())[0]),
            }
            return rdict

    return SST2Dataset


def lecture_000():
    import numpy as np
    from pprint import pprint
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.metrics import accuracy_score
    L = Lecture()
    torch.manual_seed(0)
    v0 = torch.Tensor([1, 2, 3])
    v1 = torch.Tensor([4, 5, 6])
    for cid, value in [("add", v0 + v1), ("sub", v0 - v1), ("mul", v0 * v1), ("div", v0 / v1), ("pow", v0 ** 2), ("v0", v0)]:
        with L.cell(cid):
            display(value)
    with L.cell("m0"):
        m0 = torch.Tensor([[1, 2], [3, 4]])
        display(m0)
    with L.cell("t0"):
        t0 = torch.Tensor([[[1, 2], [3, 4]], [[4, 5], [5, 6]]])
        display(t0)
    with L.cell("numpy"):
        print('Conversion from PyTorch to Numpy')
        np_m = m0.numpy()
        display(np_m)
        print('\nConversion from Numpy to PyTorch')
        t_np_m = torch.Tensor(np_m)
        display(t_np_m)

    train_df, dev_df = sst2_frames()
    with L.cell("dev_df"):
        display(dev_df)
    with L.cell("train_X"):
        vectorizer = CountVectorizer()
        train_X = vectorizer.fit_transform(train_df['preprocessed'])
        display(train_X)
    with L.cell("dev_X"):
        dev_X = vectorizer.transform(dev_df['preprocessed'])
        display(dev_X)
    SST2Dataset = sst2_dataset_class()
    with L.cell("train_dataset"):
        train_dataset = SST2Dataset(train_df['label'], train_X)
        print(train_dataset[0])
        print(train_dataset[0]['X'].shape)
    with L.cell("dev_dataset"):
        dev_dataset = SST2Dataset(dev_df['label'], dev_X)
        print(dev_dataset[0])
    with L.cell("first_batch"):
        batch_size = 16
        train_dataloader = torch.utils.data.DataLoader(train_dataset, batch_size=batch_size, shuffle=True)
        dev_dataloader = torch.utils.data.DataLoader(dev_dataset, batch_size=batch_size, shuffle=False)
        first_train_batch = next(iter(train_dataloader))
        print('First training batch:')
        print(first_train_batch)
        print('Batch item shapes:')
        print({key: value.shape for key, value in first_train_batch.items()})

    class BinaryLogisticRegression(torch.nn.Module):
        def __init__(self, vocab_size: int):
            super(BinaryLogisticRegression, self).__init__()
            self.Wb = torch.nn.Linear(vocab_size, 1, bias=True)
            self.activation_function = torch.nn.Sigmoid()

        def forward(self, X: torch.Tensor, y: torch.Tensor):
            py_logits = self.Wb(X)
            py_logits = py_logits.squeeze()
            py_probs = self.activation_function(py_logits)
            py = torch.round(py_probs).int()
            loss = torch.nn.functional.binary_cross_entropy(py_probs, y.float(), reduction='mean')
            return {'py_logits': py_logits, 'py_probs': py_probs, 'py': py, 'loss': loss}

    with L.cell("our_model"):
        vocab_size = train_X.shape[1]
        our_model = BinaryLogisticRegression(vocab_size=vocab_size)
        display(our_model)
    with L.cell("first_output"):
        with torch.no_grad():
            first_train_output = our_model(**first_train_batch)
        print('First training output:')
        pprint(first_train_output)
        print('Output item shapes:')
        pprint({key: value.shape for key, value in first_train_output.items()})

    learning_rate = 0.01
    optimizer = torch.optim.Adam(our_model.parameters(), lr=learning_rate)
    num_epochs = 2
    with L.cell("training"):
        for epoch_num in range(num_epochs):
            print(f'\nEpoch {epoch_num}')
            train_losses = []
            train_pys = []
            train_ys = []
            for step_num, train_batch in enumerate(train_dataloader):
                optimizer.zero_grad()
                train_output = our_model(**train_batch)
                train_loss = train_output['loss']
                if step_num > 0 and step_num % 500 == 0: print(f'\tStep {step_num} mean training loss: {np.mean(train_losses[-500:]):.3f}')
                train_losses.append(train_loss.detach().numpy())
                train_ys.append(train_batch['y'].detach().numpy())
                train_pys.append(train_output['py'].detach().numpy())
                train_loss.backward()
                optimizer.step()
            print(f'Epoch mean train loss: {np.mean(train_losses):.3f}')
            print(f'Epoch train accuracy: {accuracy_score(np.concatenate(train_ys), np.concatenate(train_pys)):.3f}')
            dev_pys = []
            dev_ys = []
            for dev_batch in dev_dataloader:
                with torch.no_grad():
                    dev_output = our_model(**dev_batch)
                    dev_ys.append(dev_batch['y'].detach().numpy())
                    dev_pys.append(dev_output['py'].detach().numpy())
            print(f'Epoch dev accuracy: {accuracy_score(np.concatenate(dev_ys), np.concatenate(dev_pys)):.3f}')

    class RegularizedBinaryLogisticRegression(torch.nn.Module):
        def __init__(self, vocab_size: int, l2_penalty_weight=.001):
            super(RegularizedBinaryLogisticRegression, self).__init__()
            self.Wb = torch.nn.Linear(vocab_size, 1, bias=True)
            self.activation_function = torch.nn.Sigmoid()
            self.l2_penalty_weight = l2_penalty_weight

        def forward(self, X: torch.Tensor, y: torch.Tensor):
            py_logits = self.Wb(X)
            py_logits = py_logits.squeeze()
            py_probs = self.activation_function(py_logits)
            py = torch.round(py_probs).int()
            py_loss = torch.nn.functional.binary_cross_entropy(py_probs, y.float(), reduction='mean')
            l2_loss = self.l2_penalty_weight * torch.mean(self.Wb.weight ** 2)
            loss = py_loss + l2_loss
            return {'py_logits': py_logits, 'py_probs': py_probs, 'py': py, 'loss': loss}

    reg_model = RegularizedBinaryLogisticRegression(vocab_size=vocab_size)
    reg_optimizer = torch.optim.Adam(reg_model.parameters(), lr=learning_rate)
    with L.cell("regularized_training"):
        for epoch_num in range(num_epochs):
            print(f'\nEpoch {epoch_num}')
            train_losses = []
            train_pys = []
            train_ys = []
            for step_num, train_batch in enumerate(train_dataloader):
                reg_optimizer.zero_grad()
                train_output = reg_model(**train_batch)
                train_loss = train_output['loss']
                if step_num > 0 and step_num % 500 == 0:
                    print(f'\tStep {step_num} mean training loss: {np.mean(train_losses[-500:]):.3f}')
                    dev_pys = []
                    dev_ys = []
                    for dev_batch in dev_dataloader:
                        with torch.no_grad():
                            dev_output = reg_model(**dev_batch)
                            dev_ys.append(dev_batch['y'].detach().numpy())
                            dev_pys.append(dev_output['py'].detach().numpy())
                    print(f'\tDev accuracy: {accuracy_score(np.concatenate(dev_ys), np.concatenate(dev_pys)):.3f}')
                train_losses.append(train_loss.detach().numpy())
                train_ys.append(train_batch['y'].detach().numpy())
                train_pys.append(train_output['py'].detach().numpy())
                train_loss.backward()
                reg_optimizer.step()
            print(f'Mean train loss: {np.mean(train_losses):.3f}')
            print(f'Train accuracy: {accuracy_score(np.concatenate(train_ys), np.concatenate(train_pys)):.3f}')
            print(f'Dev accuracy: {accuracy_score(np.concatenate(dev_ys), np.concatenate(dev_pys)):.3f}')

    with L.cell("early_stopping"):
        our_model = BinaryLogisticRegression(vocab_size=vocab_size)
        optimizer = torch.optim.Adam(our_model.parameters(), lr=learning_rate)
        patience = 3
        best_dev_acc = 0.0
        intervals_since_improvement = 0
        early_stop = False
        for epoch_num in range(num_epochs):
            print(f'\nEpoch {epoch_num}')
            train_losses = []
            train_pys = []
            train_ys = []
            for step_num, train_batch in enumerate(train_dataloader):
                optimizer.zero_grad()
                train_output = our_model(**train_batch)
                train_loss = train_output['loss']
                if step_num > 0 and step_num % 500 == 0:
                    print(f'\tStep {step_num} mean training loss: {np.mean(train_losses[-500:]):.3f}')
                    dev_pys = []
                    dev_ys = []
                    for dev_batch in dev_dataloader:
                        with torch.no_grad():
                            dev_output = our_model(**dev_batch)
                            dev_ys.append(dev_batch['y'].detach().numpy())
                            dev_pys.append(dev_output['py'].detach().numpy())
                    # Early stopping logic
                    dev_acc = accuracy_score(np.concatenate(dev_ys), np.concatenate(dev_pys))
                    print(f'\tDev accuracy:{dev_acc:.3f}')
                    if dev_acc > best_dev_acc:
                        best_dev_acc = dev_acc
                        intervals_since_improvement = 0
                    else:
                        intervals_since_improvement += 1
                    if intervals_since_improvement > patience:
                        print('Stopping early!')
                        early_stop = True
                        break
                train_losses.append(train_loss.detach().numpy())
                train_ys.append(train_batch['y'].detach().numpy())
                train_pys.append(train_output['py'].detach().numpy())
                train_loss.backward()
                optimizer.step()
            if early_stop:
                break
            print(f'Mean train loss: {np.mean(train_losses):.3f}')
            print(f'Train accuracy: {accuracy_score(np.concatenate(train_ys), np.concatenate(train_pys)):.3f}')
    return L


def lecture_001():
    import numpy as np
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.metrics import accuracy_score
    L = Lecture()
    torch.manual_seed(0)
    train_df, dev_df = sst2_frames()
    vectorizer = CountVectorizer()
    train_X = vectorizer.fit_transform(train_df['preprocessed'])
    dev_X = vectorizer.transform(dev_df['preprocessed'])
    SST2Dataset = sst2_dataset_class()
    train_dataset = SST2Dataset(train_df['label'], train_X)
    dev_dataset = SST2Dataset(dev_df['label'], dev_X)
    batch_size = 16
    train_dataloader = torch.utils.data.DataLoader(train_dataset, batch_size=batch_size, shuffle=True)
    dev_dataloader = torch.utils.data.DataLoader(dev_dataset, batch_size=batch_size, shuffle=False)

    class BinaryLogisticRegression(torch.nn.Module):
        def __init__(self, vocab_size: int):
            super(BinaryLogisticRegression, self).__init__()
            self.Wb = torch.nn.Linear(vocab_size, 1, bias=True)
            self.activation_function = torch.nn.Sigmoid()

        def forward(self, X: torch.Tensor, y: torch.Tensor):
            py_logits = self.Wb(X)
            py_logits = py_logits.squeeze()
            py_probs = self.activation_function(py_logits)
            py = torch.round(py_probs).int()
            loss = torch.nn.functional.binary_cross_entropy(py_probs, y.float(), reduction='mean')
            return {'py_logits': py_logits, 'py_probs': py_probs, 'py': py, 'loss': loss}

    our_model = BinaryLogisticRegression(train_X.shape[1])
    optimizer = torch.optim.Adam(our_model.parameters(), lr=0.01)
    num_epochs = 2
    with L.cell("recap"):
        for epoch_num in range(num_epochs):
            print(f'\nEpoch {epoch_num}')
            train_losses = []
            train_pys = []
            train_ys = []
            for step_num, train_batch in enumerate(train_dataloader):
                optimizer.zero_grad()
                train_output = our_model(**train_batch)
                train_loss = train_output['loss']
                if step_num > 0 and step_num % 500 == 0: print(f'\tStep {step_num} mean training loss: {np.mean(train_losses[-500:]):.3f}')
                train_losses.append(train_loss.detach().numpy())
                train_ys.append(train_batch['y'].detach().numpy())
                train_pys.append(train_output['py'].detach().numpy())
                train_loss.backward()
                optimizer.step()
            print(f'Epoch mean train loss: {np.mean(train_losses):.3f}')
            print(f'Epoch train accuracy:{accuracy_score(np.concatenate(train_ys), np.concatenate(train_pys)):.3f}')
            dev_pys = []
            dev_ys = []
            for dev_batch in dev_dataloader:
                with torch.no_grad():
                    dev_output = our_model(**dev_batch)
                dev_ys.append(dev_batch['y'].detach().numpy())
                dev_pys.append(dev_output['py'].detach().numpy())
            print(f'Epoch dev accuracy:{accuracy_score(np.concatenate(dev_ys), np.concatenate(dev_pys)):.3f}')

    with L.cell("cuda_available"):
        display(torch.cuda.is_available())
    with L.cell("rand"):
        t = torch.rand((1000, 1000))
        display(t)
    with L.cell("numpy_error"):
        pass  # without a GPU, gt is t: nothing to print
    with L.cell("device_error"):
        pass
    calc_t = t
    for i in range(300):
        calc_t = torch.nn.functional.normalize(torch.matmul(calc_t, calc_t), dim=1)
    L.cells["benchmark_cpu"] = {"displays": [repr(calc_t)]}  # what it displays; its 'Elapsed time:' varies

    class FeedForwardClassifier(torch.nn.Module):
        def __init__(self, vocab_size: int, num_classes: int = 2):
            super(FeedForwardClassifier, self).__init__()
            self.layer_0 = torch.nn.Linear(vocab_size, 100)
            self.layer_1 = torch.nn.Linear(100, 100)
            self.layer_2 = torch.nn.Linear(100, 100)
            self.output_layer = torch.nn.Linear(100, num_classes, bias=True)
            self.softmax = torch.nn.Softmax(dim=1)

        def forward(self, X: torch.Tensor, y: torch.Tensor):
            intermediate_0 = self.layer_0(X)
            intermediate_1 = self.layer_1(intermediate_0)
            intermediate_2 = self.layer_2(intermediate_1)
            py_logits = self.output_layer(intermediate_2)
            py_probs = self.softmax(py_logits)
            py = torch.argmax(py_probs, dim=1)
            loss = torch.nn.functional.cross_entropy(py_logits, y, reduction='mean')
            return {'py_logits': py_logits, 'py_probs': py_probs, 'py': py, 'loss': loss}

    with L.cell("ffn_model"):
        vocab_size = train_X.shape[1]
        our_model = FeedForwardClassifier(vocab_size=vocab_size, num_classes=2)
        display(our_model)
    learning_rate = 0.001
    optimizer = torch.optim.Adam(our_model.parameters(), lr=learning_rate)
    batch_size = 32
    train_dataloader = torch.utils.data.DataLoader(train_dataset, batch_size=batch_size, shuffle=True)
    dev_dataloader = torch.utils.data.DataLoader(dev_dataset, batch_size=batch_size, shuffle=False)
    to_gpu = to_cpu = lambda d: d  # no GPU for the oracle: the lecture's helpers move nothing
    with L.cell("ffn_training"):
        num_epochs = 2  # the lecture's output shows two epochs
        for epoch_num in range(num_epochs):
            print(f'\nEpoch {epoch_num}')
            train_losses = []
            train_pys = []
            train_ys = []
            for step_num, train_batch in enumerate(train_dataloader):
                optimizer.zero_grad()
                train_output = to_cpu(our_model(**to_gpu(train_batch)))
                train_loss = train_output['loss']
                if step_num > 0 and step_num % 500 == 0:
                    print(f'\tStep {step_num} mean training loss: {np.mean(train_losses[-500:]):.3f}')
                    dev_pys = []
                    dev_ys = []
                    for dev_batch in dev_dataloader:
                        with torch.no_grad():
                            dev_output = to_cpu(our_model(**to_gpu(dev_batch)))
                        dev_ys.append(dev_batch['y'].detach().numpy())
                        dev_pys.append(dev_output['py'].detach().numpy())
                    print(f'\tDev accuracy:{accuracy_score(np.concatenate(dev_ys), np.concatenate(dev_pys)):.3f}')
                train_losses.append(train_loss.detach().numpy())
                train_ys.append(train_batch['y'].detach().numpy())
                train_pys.append(train_output['py'].detach().numpy())
                train_loss.backward()
                optimizer.step()
            print(f'Mean train loss: {np.mean(train_losses):.3f}')
            print(f'Train accuracy:{accuracy_score(np.concatenate(train_ys), np.concatenate(train_pys)):.3f}')
            print(f'Dev accuracy:{accuracy_score(np.concatenate(dev_ys), np.concatenate(dev_pys)):.3f}')
    return L


def lecture_002():
    L = Lecture()
    torch.manual_seed(0)
    with L.cell("from_data"):
        data = [[1, 2], [3, 4]]
        x_data = torch.tensor(data)
        display(x_data)
    with L.cell("from_numpy"):
        np_array = x_data.numpy()
        x_np = torch.from_numpy(np_array)
        display(x_np)
    with L.cell("from_tensor"):
        x_ones = torch.ones_like(x_data)
        print(f"Ones Tensor: \n {x_ones} \n")
        x_rand = torch.rand_like(x_data, dtype=torch.float)
        print(f"Random Tensor: \n {x_rand} \n")

    dtype = torch.FloatTensor  # the lecture's torch.cuda.FloatTensor on a machine without CUDA
    N, D_in, H, D_out = 64, 1000, 100, 10
    x = torch.randn(N, D_in).type(dtype)
    y = torch.randn(N, D_out).type(dtype)
    w1 = torch.randn(D_in, H).type(dtype)
    w2 = torch.randn(H, D_out).type(dtype)
    with L.cell("manual_gradients"):
        lr = 1e-6
        for t in range(500):
            h = x.mm(w1)
            h_relu = h.clamp(min=0)
            y_pred = h_relu.mm(w2)
            loss = (y_pred - y).pow(2).sum()
            if t % 100 == 99:
                print(t, loss.item())
            grad_y_pred = 2.0 * (y_pred - y)
            grad_w2 = h_relu.t().mm(grad_y_pred)
            grad_h_relu = grad_y_pred.mm(w2.t())
            grad_h = grad_h_relu.clone()
            grad_h[h < 0] = 0
            grad_w1 = x.t().mm(grad_h)
            w1 -= lr * grad_w1
            w2 -= lr * grad_w2

    x = torch.randn(N, D_in).type(dtype)
    y = torch.randn(N, D_out).type(dtype)
    w1 = torch.randn(D_in, H).type(dtype)
    w2 = torch.randn(H, D_out).type(dtype)
    w3 = w1.detach().clone()
    w3.requires_grad = True
    w4 = w2.detach().clone()
    w4.requires_grad = True
    with L.cell("autograd"):
        lr = 1e-6
        for t in range(500):
            y_pred2 = x.mm(w3).clamp(min=0).mm(w4)
            loss = (y_pred2 - y).pow(2).sum()
            if t % 100 == 99:
                print(t, loss.item())
            loss.backward()
            with torch.no_grad():
                w3 -= lr * w3.grad
                w4 -= lr * w4.grad
            w3.grad.zero_()
            w4.grad.zero_()

    class ReLU(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x.clamp(min=0)

        @staticmethod
        def backward(ctx, grad_y):
            x, = ctx.saved_tensors
            grad_input = grad_y.clone()
            grad_input[x < 0] = 0
            return grad_input

    with L.cell("custom_function"):
        w5 = w1.detach().clone()  # not shown on the slide: made as w3 and w4 were
        w5.requires_grad = True
        w6 = w2.detach().clone()
        w6.requires_grad = True
        lr = 1e-6
        for t in range(500):
            y_pred3 = ReLU.apply(x.mm(w5)).mm(w6)
            loss = (y_pred3 - y).pow(2).sum()
            if t % 100 == 99:
                print(t, loss.item())
            loss.backward()
            with torch.no_grad():
                w5 -= lr * w5.grad
                w6 -= lr * w6.grad
            w5.grad.zero_()
            w6.grad.zero_()

    with L.cell("nn_sequential"):
        x = torch.randn(N, D_in).type(dtype)
        y = torch.randn(N, D_out).type(dtype)
        model = torch.nn.Sequential(torch.nn.Linear(D_in, H), torch.nn.ReLU(), torch.nn.Linear(H, D_out))
        loss_fn = torch.nn.MSELoss(reduction="sum")

        def weights_init(m):
            if isinstance(m, torch.nn.Linear):
                torch.nn.init.zeros_(m.weight)
                torch.nn.init.ones_(m.bias)

        model.apply(weights_init)
        print(model)
        lr = 1e-6
        for t in range(500):
            y_pred = model(x)
            loss = loss_fn(y_pred, y)
            if t % 100 == 99:
                print(t, loss.item())
            model.zero_grad()
            loss.backward()
            with torch.no_grad():
                for param in model.parameters():
                    param.data -= lr * param.grad.data

    with L.cell("optimizer"):
        optimizer = torch.optim.Adam(model.parameters(), lr=lr)
        for t in range(500):
            y_pred = model(x)
            loss = loss_fn(y_pred, y)
            if t % 100 == 99:
                print(t, loss.item())
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()

    class TwoLayerMLP(torch.nn.Module):
        def __init__(self, D_in, H, D_out):
            super().__init__()
            self.linear1 = torch.nn.Linear(D_in, H)
            self.linear2 = torch.nn.Linear(H, D_out)
            self.weight_init()

        def weight_init(self):
            torch.nn.init.zeros_(self.linear1.weight)
            torch.nn.init.zeros_(self.linear2.weight)
            torch.nn.init.ones_(self.linear1.bias)
            torch.nn.init.ones_(self.linear2.bias)

        def forward(self, x):
            h_relu = self.linear1(x).clamp(min=0)
            return self.linear2(h_relu)

    with L.cell("two_layer_mlp"):
        model = TwoLayerMLP(D_in, H, D_out)
        print(model)
        loss_fn = torch.nn.MSELoss(reduction="sum")
        lr = 1e-6
        optimizer = torch.optim.Adam(model.parameters(), lr=lr)
        for t in range(500):
            y_pred = model(x)
            loss = loss_fn(y_pred, y)
            if t % 100 == 99:
                print(t, loss.item())
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()

    from torch.utils import data

    class Dataset(data.Dataset):
        def __init__(self, list_IDs, labels):
            self.labels = labels
            self.list_IDs = list_IDs

        def __len__(self):
            return len(self.list_IDs)

        def __getitem__(self, index):
            ID = self.list_IDs[index]
            X = torch.load(os.path.join(tmp, "data", ID + ".pt"))
            y = self.labels[ID]
            return X, y

    import tempfile
    tmp = tempfile.mkdtemp()
    with L.cell("saved_samples"):
        os.makedirs(os.path.join(tmp, "data"))
        for ID in ["id-1", "id-2", "id-3", "id-4"]:
            torch.save(torch.randn(3), os.path.join(tmp, "data", ID + ".pt"))
        print(torch.load(os.path.join(tmp, "data", "id-1.pt")))
    with L.cell("dataloader_params"):
        device = torch.device("cpu")
        params = {"batch_size": 64, "shuffle": True, "num_workers": 0}  # the lecture's 6 workers draw the same seeds
        max_epochs = 100
        partition = {"train": ["id-1", "id-2", "id-3"], "validation": ["id-4"]}
        labels = {"id-1": 0, "id-2": 1, "id-3": 2, "id-4": 1}
        training_set = Dataset(partition["train"], labels)
        training_generator = data.DataLoader(training_set, **params)
        validation_set = Dataset(partition["validation"], labels)
        validation_generator = data.DataLoader(validation_set, **params)
        for epoch in range(max_epochs):
            for local_batch, local_labels in training_generator:
                local_batch, local_labels = local_batch.to(device), local_labels.to(device)
                if epoch == max_epochs - 1:
                    print(local_batch, local_labels)

    with L.cell("tensorboard"):
        x = torch.arange(-5, 5, 0.1).view(-1, 1)
        y = -5 * x + 0.1 * torch.randn(x.size())
        model = torch.nn.Linear(1, 1)
        criterion = torch.nn.MSELoss()
        optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
        for epoch in range(10):  # train_model(10); the writer's events are checked by the tensorboard suite
            y1 = model(x)
            loss = criterion(y1, y)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        print(1, "event file written")
    return L


def lecture_003():
    L = Lecture()
    torch.manual_seed(0)
    from torch.utils.data import Dataset, DataLoader
    x = torch.arange(0, 10, .1, dtype=torch.float)
    x = x[:, None]
    y = x * 3 + torch.randn(x.shape)

    class MyLinearRegressionModel(nn.Module):
        def __init__(self, d):
            super(MyLinearRegressionModel, self).__init__()
            self.w = nn.Parameter(torch.zeros(1, d, dtype=torch.float32))
            self.b = nn.Parameter(torch.zeros(1, dtype=torch.float32))

        def forward(self, x):
            return torch.inner(x, self.w) + self.b

    with L.cell("gradient_descent"):
        maxIter = 100
        mymodel = MyLinearRegressionModel(1)
        optimizer = torch.optim.SGD(mymodel.parameters(), lr=1e-3)
        for _ in range(maxIter):
            prediction = mymodel(x)
            loss = torch.mean((prediction - y) ** 2)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        print(list(mymodel.parameters()))

    def gd_visualization(cid, lr, maxIter=100):
        mymodel = MyLinearRegressionModel(1)
        optimizer = torch.optim.SGD(mymodel.parameters(), lr=lr)
        losses = []
        for it in range(maxIter):
            prediction = mymodel(x)
            loss = torch.mean((prediction - y) ** 2)
            losses.append(loss.item())
            last = prediction.detach()
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        L.figure(cid, [y[:, 0].tolist(), last[[0, -1], 0].tolist()], [losses])

    for lr in [0.001, 0.0005, 0.005, 0.025, 0.028, 0.03]:
        gd_visualization("gd_lr_" + str(lr).replace(".", "_"), lr)

    x = torch.arange(0, 10, .1, dtype=torch.float)
    x = x[:, None]
    y = x * 3 + torch.randn(x.shape)

    class MyDataset(Dataset):
        def __init__(self, x, y):
            self.x = x
            self.y = y

        def __len__(self):
            return self.x.shape[0]

        def __getitem__(self, idx):
            return (self.x[idx], self.y[idx])

    with L.cell("dataset_items"):
        mydataset = MyDataset(x, y)
        for item in mydataset:
            print(item)
    with L.cell("dataloader_batches"):
        mydataloader = DataLoader(mydataset, batch_size=4, shuffle=True)
        for item in mydataloader:
            print(item)
    with L.cell("sgd"):
        mymodel = MyLinearRegressionModel(1)
        optimizer = torch.optim.SGD(mymodel.parameters(), lr=0.02)
        N_epochs = 2
        gd_steps = 0
        for epoch in range(N_epochs):
            batch_loss = []
            for batch_id, (x_batch, y_batch) in enumerate(mydataloader):
                gd_steps += 1
                prediction = mymodel(x_batch)
                loss = torch.mean((prediction - y_batch) ** 2)
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
                batch_loss.append(loss.item())
        print(gd_steps, list(mymodel.parameters()))

    def sgd_visualization(cid, batch_size, lr, N_epochs=2):
        mymodel = MyLinearRegressionModel(1)
        optimizer = torch.optim.SGD(mymodel.parameters(), lr=lr)
        mydataloader = DataLoader(mydataset, batch_size=batch_size, shuffle=True)
        losses = []
        for epoch in range(N_epochs):
            for batch_id, (x_batch, y_batch) in enumerate(mydataloader):
                prediction = mymodel(x_batch)
                loss = torch.mean((prediction - y_batch) ** 2)
                losses.append(loss.item())
                with torch.no_grad():
                    fit = mymodel(x)
                last = (y_batch[:, 0].tolist(), fit[[0, -1], 0].tolist())
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
        L.figure(cid, [y[:, 0].tolist(), last[0], last[1]], [losses])

    sgd_visualization("sgd_bs2_lr_0_02", 2, 0.02)
    sgd_visualization("sgd_bs4_lr_0_02", 4, 0.02)
    sgd_visualization("sgd_bs8_lr_0_02", 8, 0.02)
    sgd_visualization("sgd_bs2_lr_0_001", 2, 0.001)

    class myMultiLayerPerceptron(nn.Module):
        def __init__(self, input_dim, output_dim):
            super().__init__()
            self.sequential = nn.Sequential(
                nn.Linear(input_dim, 20), nn.ReLU(), nn.Linear(20, 20), nn.ReLU(), nn.Linear(20, 20), nn.ReLU(),
                nn.Linear(20, 20), nn.ReLU(), nn.Linear(20, output_dim))

        def forward(self, x):
            return self.sequential(x)

    class myMultiLayerPerceptron_1(myMultiLayerPerceptron):
        def __init__(self, input_dim, output_dim):
            nn.Module.__init__(self)
            self.sequential = nn.Sequential(
                nn.Linear(input_dim, 20), nn.ReLU(), nn.Linear(20, 30), nn.ReLU(), nn.Linear(20, 30), nn.ReLU(),
                nn.Linear(20, 30), nn.ReLU(), nn.Linear(20, output_dim))

    class myMultiLayerPerceptron_2(myMultiLayerPerceptron):
        def __init__(self, input_dim, output_dim):
            nn.Module.__init__(self)
            self.sequential = nn.Sequential(
                nn.Linear(input_dim, 30), nn.ReLU(), nn.Linear(30, 20), nn.ReLU(), nn.Linear(20, 30), nn.ReLU(),
                nn.Linear(30, 20), nn.ReLU(), nn.Linear(20, output_dim))

    with L.cell("mlp_print"):
        mymodel = myMultiLayerPerceptron(1, 1)
        print(mymodel)
    with L.cell("quiz"):
        for Model in [myMultiLayerPerceptron_1, myMultiLayerPerceptron_2]:
            try:
                print(Model.__name__, Model(1, 1)(x).shape)
            except Exception as e:
                print(Model.__name__, f"{type(e).__name__}: {e}")

    N_samples = 50
    x = torch.linspace(-10, 10, N_samples, dtype=torch.float)
    x = x[:, None]
    y = torch.sin(0.5 * x) + torch.randn(N_samples, 1) * 0.2  # the lecture: np.random.randn(N_samples,1)*0.2
    prediction = mymodel(x).detach().numpy()
    L.figure("before_training", [y[:, 0].tolist(), prediction[:, 0].tolist()])

    with L.cell("random_split"):
        mydataset = MyDataset(x, y)
        dataset_len = len(mydataset)
        train_dataset_len = round(dataset_len * 0.8)
        validate_dataset_len = dataset_len - train_dataset_len
        train_dataset, validate_dataset = torch.utils.data.random_split(mydataset, [train_dataset_len, validate_dataset_len])
        print(len(train_dataset), len(validate_dataset))

    mymodel = myMultiLayerPerceptron(1, 1)
    lr = .04
    batch_size = 10
    N_epochs = 160
    train_dataloader = DataLoader(train_dataset, batch_size=batch_size, shuffle=True)
    validate_dataloader = DataLoader(validate_dataset, batch_size=batch_size, shuffle=True)
    optimizer = torch.optim.SGD(mymodel.parameters(), lr=lr)
    with L.cell("mlp_training"):
        gd_steps = 0
        for epoch in range(N_epochs):
            batch_loss = []
            for batch_id, (x_batch, y_batch) in enumerate(train_dataloader):
                gd_steps += 1
                prediction = mymodel(x_batch)
                loss = torch.mean((prediction - y_batch) ** 2)
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
                batch_loss.append(loss.item())
        print(gd_steps, f"{sum(batch_loss) / len(batch_loss):.4f}")

    mymodel = myMultiLayerPerceptron(1, 1)
    lr = 0.2
    N_epochs = 20
    batch_size = 10
    train_dataloader = DataLoader(train_dataset, batch_size=batch_size, shuffle=True)
    validate_dataloader = DataLoader(validate_dataset, batch_size=batch_size, shuffle=True)
    optimizer = torch.optim.SGD(mymodel.parameters(), lr=lr)
    iteration_loss, train_loss, validate_loss = [], [], []
    for epoch in range(N_epochs):
        batch_loss = []
        for batch_id, (x_batch, y_batch) in enumerate(train_dataloader):
            prediction = mymodel(x_batch)
            loss = torch.mean((prediction - y_batch) ** 2)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            batch_loss.append(loss.item())
            iteration_loss.append(loss.item())
        train_loss.append(sum(batch_loss) / len(batch_loss))
        val_loss = []
        with torch.no_grad():
            for x_batch, y_batch in validate_dataloader:
                val_loss.append(torch.mean((mymodel(x_batch) - y_batch) ** 2).item())
        validate_loss.append(sum(val_loss) / len(val_loss))
    with torch.no_grad():
        fit = mymodel(x)
    L.figure("mlp_visualization", [y[:, 0].tolist(), fit[:, 0].tolist()], [iteration_loss], [train_loss, validate_loss])
    return L


LECTURES = {
    "000_sst2_logistic_regression": lecture_000,
    "001_ffn_gpu": lecture_001,
    "002_pytorch_tutorial": lecture_002,
    "003_sgd_mlp": lecture_003,
    "004_review": lecture_004,
}


def lecture_outputs():
    out = {}
    for name, cells in LECTURE_OUTPUTS.items():
        lines = next(SEEDS.glob(name[:3] + "_*.txt")).read_text().split("\n")
        out[name] = {cid: "\n".join(lines[a - 1:b]) for cid, (a, b) in cells.items()}
    return out


def main():
    wanted = sys.argv[1:]
    fixture = json.loads(out_file.read_text()) if out_file.exists() else {}
    fixture["lecture"] = lecture_outputs()
    for name, fn in LECTURES.items():
        if wanted and not any(name.startswith(w) for w in wanted):
            continue
        start = datetime.now()
        fixture[name] = fn().cells
        print(f"{name}: {len(fixture[name])} cells in {(datetime.now() - start).total_seconds():.1f} s", file=sys.stderr)
    out_file.write_text(json.dumps(fixture, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
